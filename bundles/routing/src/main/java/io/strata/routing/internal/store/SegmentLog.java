package io.strata.routing.internal.store;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of {@link RecordFormat CRC-framed records} in numbered segment files, written by one committer
 * thread with group commit: appends only copy their record into the current segment's buffer; the committer
 * writes everything appended meanwhile and forces the files once, then completes the futures of the appends it
 * covered. Batches without a waiting future (removals) are written but not forced.
 */
final class SegmentLog implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SegmentLog.class);

    /** Sees every whole record of the log in order when it is opened. */
    interface Replay {
        /**
         * @param body the record's type byte and payload
         * @param bodyPosition where the body starts in the segment file
         */
        void record(Segment segment, long bodyPosition, ByteBuffer body);
    }

    /** Where an appended record went. */
    record Location(Segment segment, long position) {
    }

    private final Path directory;
    private final long segmentBytes;
    private final Deque<Segment> segments;
    /** A batch of 2 MiB, about 8,000 messages, needs no new chunk: what the committer gathers while the disk forces. */
    private final WriteChunks chunks = new WriteChunks(16);
    private Supplier<ByteBuffer> segmentStart;
    private Thread committer;
    /** Segments with records the committer has not taken yet, in append order. */
    private final Map<Segment, Boolean> dirty = new LinkedHashMap<>();
    /** What the appends since the committer last took its work wait for: one future they share, or null for none. */
    private CompletableFuture<Void> nextCommit;
    /** A new segment's start record is among the pending records: force it even without waiters. */
    private boolean rolled;
    private long syncs;
    private boolean closed;

    private SegmentLog(Path directory, long segmentBytes, Deque<Segment> segments) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        this.segments = segments;
    }

    /**
     * Opens the log in {@code directory}, creating it if needed, and replays every whole record. A torn or corrupt
     * record ends the log: its segment is cut before it and later segments are deleted, as nothing in them was
     * acknowledged before the crash that tore it.
     */
    static SegmentLog recover(Path directory, long segmentBytes, Replay replay) throws IOException {
        Files.createDirectories(directory);
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(Segment::isSegment).sorted((a, b) -> Long.compare(Segment.number(a), Segment.number(b)))
                    .toList();
        }
        Deque<Segment> segments = new ArrayDeque<>();
        boolean torn = false;
        for (Path file : files) {
            if (torn) {
                LOGGER.warn("Deleting message log segment {} ({} bytes): it follows a torn record", file, Files.size(file));
                Files.delete(file);
                continue;
            }
            Segment segment = Segment.openExisting(file);
            segments.add(segment);
            long whole = replay(segment, replay);
            if (whole < segment.size()) {
                LOGGER.warn("Message log segment {} ends in a torn or corrupt record: cut {} bytes after the last whole "
                        + "record at {}", file, segment.size() - whole, whole);
                segment.channel().truncate(whole);
                segment.channel().force(true);
                torn = true;
            }
        }
        return new SegmentLog(directory, segmentBytes, segments);
    }

    /** Replays a segment's records and returns where its last whole record ends. */
    private static long replay(Segment segment, Replay replay) throws IOException {
        long size = segment.size();
        InputStream stream = Channels.newInputStream(segment.channel().position(0));
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        long position = 0;
        while (position + RecordFormat.HEADER_BYTES <= size) {
            int length = in.readInt();
            int checksum = in.readInt();
            if (length < 1 || length > size - position - RecordFormat.HEADER_BYTES) {
                return position;
            }
            byte[] body = new byte[length];
            try {
                in.readFully(body);
            } catch (EOFException e) {
                return position;
            }
            ByteBuffer buffer = ByteBuffer.wrap(body);
            if (RecordFormat.checksum(buffer) != checksum) {
                return position;
            }
            replay.record(segment, position + RecordFormat.HEADER_BYTES, buffer);
            position += RecordFormat.HEADER_BYTES + length;
        }
        return position;
    }

    /**
     * Starts a fresh segment headed by {@code segmentStart} and the committer. Every later segment starts with a
     * record from {@code segmentStart} as well, called under the lock of whoever appends.
     */
    void start(Supplier<ByteBuffer> segmentStart, String threadName) throws IOException {
        this.segmentStart = segmentStart;
        synchronized (this) {
            roll();
        }
        committer = new Thread(this::commitLoop, threadName);
        committer.setDaemon(true);
        committer.start();
    }

    /** Appends a record, to a new segment when the current one is full. */
    synchronized Location append(ByteBuffer record) {
        if (closed) {
            throw new IllegalStateException("the message store is closed");
        }
        Segment current = segments.getLast();
        if (current.size() + record.remaining() > segmentBytes) {
            try {
                roll();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start a new message log segment in " + directory, e);
            }
            current = segments.getLast();
        }
        Location location = new Location(current, current.append(record, chunks));
        dirty.put(current, Boolean.TRUE);
        notifyAll();
        return location;
    }

    /**
     * A future that completes once everything appended so far is forced to disk; every caller until the committer's
     * next batch gets the same one, so callers only wait on it and never complete it.
     */
    synchronized CompletableFuture<Void> whenDurable() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the message store is closed"));
        }
        if (nextCommit == null) {
            nextCommit = new CompletableFuture<>();
            notifyAll();
        }
        return nextCommit;
    }

    /**
     * Takes segments off the head while {@code unused} says so, never the current one, nor one whose successor's
     * start record (which carries what the taken ones knew) is not yet on disk. The caller {@link #delete deletes}
     * them once it holds no lock an append waits for: unlinking a full segment took some 20 ms on a small machine.
     */
    synchronized List<Segment> detachHead(Predicate<Segment> unused) {
        List<Segment> detached = new ArrayList<>();
        while (segments.size() > 1) {
            Segment head = segments.getFirst();
            Segment next = segments.stream().skip(1).findFirst().orElseThrow();
            if (!unused.test(head) || next.durable() == 0 || dirty.containsKey(head)) {
                break;
            }
            detached.add(segments.removeFirst());
        }
        return detached;
    }

    /** Closes and deletes the files of segments {@link #detachHead detached} from the log. */
    static void delete(List<Segment> detached) throws IOException {
        for (Segment segment : detached) {
            segment.close();
            Files.delete(segment.file());
        }
    }

    /** How many segment files there are. */
    synchronized int segmentCount() {
        return segments.size();
    }

    /** How many times the committer forced the log; fewer than the appends when they share. */
    synchronized long syncs() {
        return syncs;
    }

    /** Writes and forces everything appended, then stops the committer and closes the files. */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        if (committer != null) {
            committer.join();
        }
        synchronized (this) {
            for (Segment segment : segments) {
                try {
                    segment.close();
                } catch (IOException e) {
                    LOGGER.warn("Could not close message log segment {}: {}", segment.file(), e.getMessage());
                }
            }
        }
    }

    /** Called with the lock held. */
    private void roll() throws IOException {
        long number = segments.isEmpty() ? 1 : segments.getLast().number() + 1;
        Segment segment = Segment.create(directory, number);
        segments.add(segment);
        segment.append(segmentStart.get(), chunks);
        dirty.put(segment, Boolean.TRUE);
        rolled = true;
    }

    private void commitLoop() {
        while (true) {
            Map<Segment, List<ByteBuffer>> batch = new LinkedHashMap<>();
            CompletableFuture<Void> covered;
            boolean force;
            synchronized (this) {
                while (!closed && dirty.isEmpty() && nextCommit == null) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                if (closed && dirty.isEmpty() && nextCommit == null) {
                    return;
                }
                for (Segment segment : dirty.keySet()) {
                    batch.put(segment, segment.takePending());
                }
                dirty.clear();
                covered = nextCommit;
                nextCommit = null;
                force = covered != null || rolled || closed;
                rolled = false;
            }
            IOException failure = null;
            try {
                for (Map.Entry<Segment, List<ByteBuffer>> records : batch.entrySet()) {
                    records.getKey().write(records.getValue());
                }
                if (force) {
                    // Not only this batch's segments: a waiter's record may have gone out in an earlier, unforced
                    // batch (taken between its append and its wait), in a segment this batch did not touch.
                    for (Segment segment : unforced()) {
                        segment.force();
                    }
                }
            } catch (IOException e) {
                failure = e;
                LOGGER.error("Could not write the message log in {}: {}", directory, e.getMessage(), e);
            }
            synchronized (this) {
                if (failure == null && force) {
                    syncs++;
                }
                batch.values().forEach(chunks::give);
            }
            if (covered != null && failure == null) {
                covered.complete(null);
            } else if (covered != null) {
                covered.completeExceptionally(failure);
            }
        }
    }

    /** The segments with written records not yet forced; only the committer writes and forces. */
    private synchronized List<Segment> unforced() {
        return segments.stream().filter(segment -> segment.written() > segment.durable()).toList();
    }
}
