package io.strata.routing.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One file of the {@link SegmentLog}. Records are appended to {@link #pending} under the log's lock and written and
 * forced by its committer; readers read whole records that are {@link #written()} with positional reads, which
 * need no lock.
 */
final class Segment {
    private static final String SUFFIX = ".log";

    private final long number;
    private final Path file;
    private final FileChannel channel;
    /** Bytes appended, written or not; guarded by the log. */
    private long size;
    /** Records appended and not yet handed to the committer, in chunks; guarded by the log. */
    private List<ByteBuffer> pending = new ArrayList<>();
    private volatile long written;
    private volatile long durable;
    /** Message records of this segment that some endpoint still waits for; guarded by the queue store. */
    private int live;

    private Segment(long number, Path file, FileChannel channel, long size) {
        this.number = number;
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.written = size;
        this.durable = size;
    }

    static Segment create(Path directory, long number) throws IOException {
        Path file = directory.resolve(String.format("%020d%s", number, SUFFIX));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Segment(number, file, channel, 0);
    }

    static Segment openExisting(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(number(file), file, channel, channel.size());
    }

    static boolean isSegment(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(SUFFIX) && name.length() > SUFFIX.length()
                && name.substring(0, name.length() - SUFFIX.length()).chars().allMatch(Character::isDigit);
    }

    static long number(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }

    long number() {
        return number;
    }

    Path file() {
        return file;
    }

    FileChannel channel() {
        return channel;
    }

    long size() {
        return size;
    }

    /** Adds a record to what the committer writes next and returns where it starts in the file. */
    long append(ByteBuffer record, WriteChunks chunks) {
        int length = record.remaining();
        ByteBuffer last = pending.isEmpty() ? null : pending.get(pending.size() - 1);
        if (last == null || last.remaining() < length) {
            last = chunks.take(length);
            pending.add(last);
        }
        last.put(record);
        long position = size;
        size += length;
        return position;
    }

    /** Hands the pending records to the committer, in the order they were appended. */
    List<ByteBuffer> takePending() {
        List<ByteBuffer> taken = pending;
        pending = new ArrayList<>();
        return taken;
    }

    /** Writes records the committer took, in the order they were taken; only the committer calls it. */
    void write(List<ByteBuffer> records) throws IOException {
        long position = written;
        for (ByteBuffer chunk : records) {
            chunk.flip();
            while (chunk.hasRemaining()) {
                position += channel.write(chunk, position);
            }
        }
        written = position;
    }

    void force() throws IOException {
        long upTo = written;
        channel.force(false);
        durable = upTo;
    }

    long written() {
        return written;
    }

    long durable() {
        return durable;
    }

    /** Reads {@code length} bytes at {@code position}, which must be written. */
    byte[] read(long position, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, position + bytes.position()) < 0) {
                throw new IOException("Segment " + file + " ends before " + (position + length));
            }
        }
        return bytes.array();
    }

    void addLive() {
        live++;
    }

    void removeLive() {
        live--;
    }

    boolean hasLive() {
        return live > 0;
    }

    void close() throws IOException {
        channel.close();
    }
}
