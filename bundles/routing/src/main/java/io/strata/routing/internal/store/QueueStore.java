package io.strata.routing.internal.store;

import io.strata.api.hub.Event;
import io.strata.api.message.Message;
import io.strata.api.message.MessageCodec;
import io.strata.routing.internal.store.EndpointQueue.Entry;
import io.strata.routing.internal.store.RecordFormat.EndpointState;
import io.strata.routing.internal.store.RecordFormat.Removal;
import io.strata.routing.internal.store.RecordFormat.StoredDestination;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store-and-forward queues of the edge hub: one {@link SegmentLog} for all endpoints, each endpoint a
 * cursor over it. See the package documentation for what durable means and how the log is laid out.
 */
public final class QueueStore implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(QueueStore.class);
    static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final long HOT_TAIL_BYTES = 32L * 1024 * 1024;
    /** A sending thread keeps the buffer it encodes its records in up to this size. */
    private static final int KEPT_ENCODING_BYTES = 1024 * 1024;
    /** The entry a full store drops first: lowest priority, then oldest. */
    private static final Comparator<Entry> FIRST_TO_DROP = Comparator.comparingInt((Entry entry) -> EntryIds.priority(entry.id()))
            .reversed().thenComparingLong(entry -> EntryIds.sequence(entry.id()));

    private final StoreSettings settings;
    private final Clock clock;
    private final Map<String, EndpointQueue> queues = new ConcurrentHashMap<>();
    private final HotTail hotTail = new HotTail(HOT_TAIL_BYTES);
    /** Where each sending thread encodes its records before the log copies them: no array per message. */
    private final ThreadLocal<ByteBuffer> encoding = ThreadLocal.withInitial(() -> ByteBuffer.allocate(64 * 1024));
    /** Held while the queues, the byte count and the sequence change and their records are appended. */
    private final Object lock = new Object();
    private final SegmentLog log;
    private long storedBytes;
    private long lastSequence;

    private QueueStore(Path directory, long segmentBytes, StoreSettings settings, Clock clock) throws IOException {
        this.settings = settings;
        this.clock = clock;
        this.log = SegmentLog.recover(directory, segmentBytes, this::replay);
        long now = clock.millis();
        queues.values().forEach(queue -> queue.trimRetained(now));
        log.start(this::segmentStart, "strata-queue-commit");
    }

    /**
     * Opens the log in the directory, creating it if needed, with every entry appended and not acknowledged before.
     * Reads the whole log once and cuts a torn tail.
     */
    public static QueueStore open(Path directory, StoreSettings settings, Clock clock) {
        return open(directory, SEGMENT_BYTES, settings, clock);
    }

    static QueueStore open(Path directory, long segmentBytes, StoreSettings settings, Clock clock) {
        try {
            return new QueueStore(directory, segmentBytes, settings, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the message store in " + directory, e);
        }
    }

    /**
     * Stores the message once for every destination, in the calling thread, so one sender's messages keep their
     * order; the returned future completes once it is on disk, so the sender may be acknowledged then. Concurrent
     * appends share one write and fsync.
     *
     * @param destinations where the message goes, each endpoint at most once
     * @throws StoreFullException when it does not fit under {@link StoreSettings#maxBytes()}, with
     *         {@link FullPolicy#REFUSE_NEW}, or when it alone is larger than that; nothing was stored then
     */
    public CompletableFuture<Void> append(Message message, List<Destination> destinations) throws StoreFullException {
        return appendAll(List.of(message), List.of(destinations));
    }

    /**
     * Stores several messages as {@link #append} stores one, in order, under one lock and with one future that
     * completes once all of them are on disk: a sender's batch costs one wait instead of one per message.
     *
     * @param destinations where each message goes, by the index of the message
     * @throws StoreFullException when the batch as a whole does not fit, as {@link #append} says of one message;
     *         nothing of it was stored then
     */
    public CompletableFuture<Void> appendAll(List<Message> messages, List<List<Destination>> destinations)
            throws StoreFullException {
        long now = clock.millis();
        Record[] records = new Record[messages.size()];
        ByteBuffer frames = encoding.get().clear();
        long needed = 0;
        for (int index = 0; index < records.length; index++) {
            int start = frames.position();
            List<StoredDestination> stored = stored(destinations.get(index), now);
            frames = RecordFormat.message(frames, now, stored, messages.get(index));
            records[index] = new Record(messages.get(index), stored, start, frames.position() - start);
            needed += records[index].size();
        }
        try {
            synchronized (lock) {
                makeRoom(needed);
                for (Record record : records) {
                    add(frames, record, now);
                }
                return log.whenDurable();
            }
        } finally {
            keep(frames);
        }
    }

    /**
     * A message record ready to append: where its frame, still without a sequence number, is in the calling thread's
     * encoding buffer, and where it goes.
     */
    private record Record(Message message, List<StoredDestination> destinations, int start, int size) {
    }

    /** Keeps the calling thread's encoding buffer, grown or not, for its next append; not when it grew very large. */
    private void keep(ByteBuffer frames) {
        if (frames.capacity() <= KEPT_ENCODING_BYTES) {
            encoding.set(frames);
        }
    }

    /** Where the message goes as its record says it, outside the lock. */
    private List<StoredDestination> stored(List<Destination> destinations, long now) {
        List<StoredDestination> stored = new ArrayList<>(destinations.size());
        for (Destination target : destinations) {
            for (StoredDestination earlier : stored) {
                if (earlier.endpoint().equals(target.endpoint())) {
                    throw new IllegalArgumentException("A message goes to each endpoint at most once, not to "
                            + destinations);
                }
            }
            Duration timeToLive = target.timeToLive() == null ? settings.defaultTimeToLive() : target.timeToLive();
            stored.add(new StoredDestination(target.endpoint(), target.priority(), now + timeToLive.toMillis()));
        }
        return stored;
    }

    /**
     * Numbers the record, appends it from the encoding buffer to the log and queues it for its endpoints; called with
     * the lock held.
     */
    private void add(ByteBuffer frames, Record record, long now) {
        ByteBuffer frame = frames.slice(record.start(), record.size());
        int messageOffset = RecordFormat.messageOffset(frame);
        int needed = frame.remaining();
        long sequence = ++lastSequence;
        SegmentLog.Location location = log.append(RecordFormat.seal(frame, sequence));
        StoredRecord stored = new StoredRecord(sequence, location.segment(), location.position() + messageOffset,
                needed - messageOffset, needed);
        // Hot first: a consumer peeking without the lock may meet the entry at once, before it is written.
        hotTail.add(stored, record.message());
        for (StoredDestination destination : record.destinations()) {
            queue(destination.endpoint()).add(new Entry(EntryIds.id(destination.priority(), sequence), stored, now,
                    destination.expiryMillis()));
        }
        storedBytes += needed;
    }

    /**
     * The next messages to deliver to the endpoint, at most {@code maxCount}: the highest priority first, the
     * oldest first within a priority, up to the first that is not on disk yet. They stay queued until
     * {@link #acknowledge acknowledged}, so a consumer whose delivery failed peeks the same ones again; one consumer
     * per endpoint. Expired entries met on the way are dropped and counted.
     */
    public List<StoredMessage> peek(String endpoint, int maxCount) {
        return peek(endpoint, maxCount, Set.of());
    }

    /**
     * As {@link #peek(String, int)}, passing over the messages with the given ids (those in flight, say); costs
     * {@code maxCount} plus the ids passed over, whatever the depth of the queue.
     */
    public List<StoredMessage> peek(String endpoint, int maxCount, Set<Long> passOver) {
        EndpointQueue queue = queues.get(endpoint);
        if (queue == null || maxCount <= 0) {
            return List.of();
        }
        List<StoredMessage> batch = new ArrayList<>();
        collect(queue, queue.fromHead(), maxCount, passOver, batch);
        return batch;
    }

    /**
     * The next messages to deliver to the endpoint, for its one consumer, which passes the ids it has in flight:
     * as {@link #peek(String, int, Set)}, but going on after the last message this handed out, so a refill costs
     * what it returns rather than the window. The consumer {@link #rewind rewinds} when a delivery fails; a message
     * of a higher priority than one handed out already is found by itself.
     */
    public List<StoredMessage> next(String endpoint, int maxCount, Set<Long> inFlight) {
        EndpointQueue queue = queues.get(endpoint);
        if (queue == null || maxCount <= 0) {
            return List.of();
        }
        // Grown as filled: a window of thousands sized up front made 4 KiB of garbage per refill of a few dozen.
        List<StoredMessage> batch = new ArrayList<>();
        long last = collect(queue, queue.startRead(), maxCount, inFlight, batch);
        if (last != Long.MIN_VALUE) {
            queue.endRead(last + 1);
        }
        return batch;
    }

    /** A new consumer of the endpoint: the next call of {@link #next} starts at the head of its queue. */
    public void rewind(String endpoint) {
        rewind(endpoint, 0);
    }

    /** The message with this id, handed out by {@link #next}, was not delivered: the next call starts there at the latest. */
    public void rewind(String endpoint, long id) {
        EndpointQueue queue = queues.get(endpoint);
        if (queue != null) {
            queue.rewind(id);
        }
    }

    /**
     * Adds the entries' messages to the batch up to {@code maxCount}, passing over the given ids and dropping
     * expired entries.
     *
     * @return the id of the last entry looked at, or {@link Long#MIN_VALUE} for none
     */
    private long collect(EndpointQueue queue, Iterable<Entry> entries, int maxCount, Set<Long> passOver,
            List<StoredMessage> batch) {
        long now = clock.millis();
        long last = Long.MIN_VALUE;
        List<Long> expired = new ArrayList<>();
        for (Entry entry : entries) {
            if (batch.size() >= maxCount || !entry.record().isDurable()) {
                // Only what is on disk is handed out: a receiver never sees a message its sender may not have
                // had acknowledged. The commit that makes it durable completes its append, and wakes the consumer.
                break;
            }
            last = entry.id();
            if (passOver.contains(entry.id())) {
                continue;
            }
            if (now >= entry.expiryMillis()) {
                expired.add(entry.id());
                continue;
            }
            Message message = read(entry, () -> queue.contains(entry.id()));
            if (message != null) {
                batch.add(new StoredMessage(entry.id(), entry.enqueuedMillis(), entry.expiryMillis(), message));
            }
        }
        if (!expired.isEmpty()) {
            synchronized (lock) {
                remove(queue, expired, Removal.EXPIRED).forEach(id -> queue.countExpired());
            }
        }
        return last;
    }

    /**
     * Removes delivered messages from the endpoint's queue and moves its checkpoint. Unknown ids are ignored, so
     * acknowledging twice is harmless. Written to the log but not forced: after a power cut the messages may be
     * delivered again, which at-least-once allows.
     */
    public void acknowledge(String endpoint, Collection<Long> ids) {
        EndpointQueue queue = queues.get(endpoint);
        if (queue == null || ids.isEmpty()) {
            return;
        }
        synchronized (lock) {
            remove(queue, ids, Removal.ACKNOWLEDGED);
            queue.moveCheckpoint(ids.stream().mapToLong(EntryIds::sequence).max().orElseThrow());
        }
    }

    /**
     * Removes the endpoint's queue if it holds nothing and retains nothing, for an endpoint no route names any more.
     *
     * @return whether it was removed
     */
    public boolean removeIfEmpty(String endpoint) {
        synchronized (lock) {
            EndpointQueue queue = queues.get(endpoint);
            if (queue == null || queue.depth() > 0 || queue.retention() != null) {
                return false;
            }
            queues.remove(endpoint);
            log.append(RecordFormat.forget(endpoint));
            return true;
        }
    }

    /**
     * Lets go of retained messages past their retention, then deletes the segments at the head of the log that no
     * waiting or retained message needs any more.
     */
    public void compact() {
        List<Segment> unused;
        synchronized (lock) {
            long now = clock.millis();
            queues.values().forEach(queue -> queue.trimRetained(now));
            unused = log.detachHead(segment -> !segment.hasLive());
        }
        try {
            SegmentLog.delete(unused); // outside the lock: appends do not wait for the unlinking
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete a message log segment", e);
        }
    }

    /** The endpoints that have a queue, in name order. */
    public Set<String> endpoints() {
        return new TreeSet<>(queues.keySet());
    }

    public QueueStats stats(String endpoint) {
        EndpointQueue queue = queues.get(endpoint);
        if (queue == null) {
            return new QueueStats(endpoint, 0, Duration.ZERO, 0, 0, 0);
        }
        Duration oldestAge = queue.oldestEnqueued().map(enqueued -> Duration.between(enqueued, clock.instant()))
                .orElse(Duration.ZERO);
        return new QueueStats(endpoint, queue.depth(), oldestAge, queue.checkpoint(), queue.expired(), queue.dropped());
    }

    /**
     * Keeps the endpoint's messages after delivery, within the retention: those appended from now on and those
     * still waiting; see
     * {@link io.strata.api.routing.RetainedLog}. Written to the log, so it holds after a restart.
     */
    public void retain(String endpoint, Duration retention, long maxMessages) {
        Retention wanted = new Retention(retention.toMillis(), maxMessages);
        synchronized (lock) {
            EndpointQueue queue = queue(endpoint);
            if (!wanted.equals(queue.retention())) {
                queue.retain(wanted);
                log.append(RecordFormat.retain(endpoint, wanted));
                queue.trimRetained(clock.millis());
            }
        }
    }

    /** An offset greater than that of every message retained for the endpoint so far. */
    public long nextOffset(String endpoint) {
        synchronized (lock) {
            return lastSequence + 1;
        }
    }

    /**
     * At most {@code max} of the endpoint's retained messages from the offset (sequence number) on, oldest first,
     * up to the first that is not on disk yet.
     */
    public List<Event> read(String endpoint, long fromOffset, int max) {
        EndpointQueue queue = queues.get(endpoint);
        if (queue == null || max <= 0) {
            return List.of();
        }
        List<Event> events = new ArrayList<>(Math.min(max, 1024));
        for (Entry entry : queue.retainedFrom(fromOffset)) {
            if (events.size() >= max || !entry.record().isDurable()) {
                break;
            }
            Message message = read(entry, () -> false);
            if (message != null) {
                events.add(new Event(entry.record().sequence(), Instant.ofEpochMilli(entry.enqueuedMillis()), message));
            }
        }
        return events;
    }

    /** How many segment files the log has now. */
    int segmentCount() {
        return log.segmentCount();
    }

    /** The log, whose monitor held keeps its committer from taking what is appended meanwhile. */
    SegmentLog log() {
        return log;
    }

    /** How many times the log was forced; fewer than the appends when they share. */
    long syncs() {
        return log.syncs();
    }

    /** Closes the log once every append is on disk; what was acknowledged is written. */
    @Override
    public void close() {
        try {
            log.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private EndpointQueue queue(String endpoint) {
        return queues.computeIfAbsent(endpoint, EndpointQueue::new);
    }

    /**
     * The entry's message from the hot tail or the log; null when its segment was deleted while it was read and
     * {@code stillWanted} says the entry is gone meanwhile.
     */
    private Message read(Entry entry, BooleanSupplier stillWanted) {
        StoredRecord record = entry.record();
        Message hot = hotTail.get(record);
        if (hot != null) {
            return hot;
        }
        try {
            return MessageCodec.decode(record.segment().read(record.messagePosition(), record.messageLength()), 0,
                    record.messageLength());
        } catch (ClosedChannelException e) {
            // Its segment was deleted because every endpoint is done with it, this one too meanwhile.
            if (!stillWanted.getAsBoolean()) {
                return null;
            }
            throw new UncheckedIOException("Could not read message " + record.sequence() + " from the log", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read message " + record.sequence() + " from the log", e);
        }
    }

    /**
     * Removes the entries and logs their removal; called with the lock held.
     *
     * @return the ids that were still there
     */
    private List<Long> remove(EndpointQueue queue, Collection<Long> ids, Removal removal) {
        List<Long> removed = new ArrayList<>(ids.size());
        for (Long id : ids) { // boxed as the caller boxed it: the queue's map and the removal take the same Long
            Entry entry = queue.remove(id);
            if (entry != null) {
                removed.add(id);
                if (entry.record().release()) {
                    storedBytes -= entry.record().bytes();
                    hotTail.remove(entry.record());
                }
            }
        }
        if (!removed.isEmpty()) {
            log.append(RecordFormat.remove(removal, queue.endpoint(), removed));
        }
        return removed;
    }

    /** Called with the lock held. */
    private void makeRoom(long needed) throws StoreFullException {
        long limit = settings.maxBytes();
        if (storedBytes + needed <= limit) {
            return;
        }
        if (settings.fullPolicy() == FullPolicy.REFUSE_NEW || needed > limit) {
            throw new StoreFullException(limit, storedBytes, needed);
        }
        Map<String, Integer> droppedPerEndpoint = new TreeMap<>();
        while (storedBytes + needed > limit) {
            EndpointQueue victim = null;
            Entry victimEntry = null;
            for (EndpointQueue queue : queues.values()) {
                Optional<Entry> candidate = queue.oldestOfLowestPriority();
                if (candidate.isPresent() && (victim == null || FIRST_TO_DROP.compare(candidate.get(), victimEntry) < 0)) {
                    victim = queue;
                    victimEntry = candidate.get();
                }
            }
            if (victim == null) {
                break;
            }
            remove(victim, List.of(victimEntry.id()), Removal.DROPPED);
            victim.countDropped();
            droppedPerEndpoint.merge(victim.endpoint(), 1, Integer::sum);
        }
        LOGGER.warn("The message store is full ({} bytes): dropped the oldest entries of the lowest priority, per endpoint {}",
                limit, droppedPerEndpoint);
    }

    /** The first record of every segment: what a reader of the later segments alone must know. Lock held. */
    private ByteBuffer segmentStart() {
        Map<String, EndpointState> endpoints = new LinkedHashMap<>();
        new TreeMap<>(queues).forEach((endpoint, queue) -> endpoints.put(endpoint,
                new EndpointState(queue.checkpoint(), queue.retention())));
        return RecordFormat.segmentStart(lastSequence, endpoints);
    }

    /** Applies one record of the log while it is opened, before anyone else sees the store. */
    private void replay(Segment segment, long bodyPosition, ByteBuffer body) {
        switch (body.get(0)) {
            case RecordFormat.MESSAGE -> {
                RecordFormat.MessageRecord message = RecordFormat.readMessage(body);
                StoredRecord record = new StoredRecord(message.sequence(), segment, bodyPosition + message.messageOffset(),
                        message.messageLength(), RecordFormat.HEADER_BYTES + body.limit());
                for (StoredDestination destination : message.destinations()) {
                    queue(destination.endpoint()).add(new Entry(EntryIds.id(destination.priority(), message.sequence()),
                            record, message.enqueuedMillis(), destination.expiryMillis()));
                }
                storedBytes += record.bytes();
                lastSequence = Math.max(lastSequence, message.sequence());
            }
            case RecordFormat.REMOVE -> {
                RecordFormat.RemoveRecord removal = RecordFormat.readRemove(body);
                EndpointQueue queue = queue(removal.endpoint());
                for (long id : removal.ids()) {
                    Entry entry = queue.remove(id);
                    if (entry != null && entry.record().release()) {
                        storedBytes -= entry.record().bytes();
                    }
                    if (removal.removal() == Removal.ACKNOWLEDGED) {
                        queue.moveCheckpoint(EntryIds.sequence(id));
                    }
                }
            }
            case RecordFormat.SEGMENT_START -> {
                RecordFormat.SegmentStart start = RecordFormat.readSegmentStart(body);
                lastSequence = Math.max(lastSequence, start.lastSequence());
                start.endpoints().forEach((endpoint, state) -> {
                    EndpointQueue queue = queue(endpoint);
                    queue.moveCheckpoint(state.checkpoint());
                    if (state.retention() != null) {
                        queue.retain(state.retention());
                    }
                });
            }
            case RecordFormat.RETAIN -> {
                RecordFormat.RetainRecord retain = RecordFormat.readRetain(body);
                queue(retain.endpoint()).retain(retain.retention());
            }
            case RecordFormat.FORGET -> queues.remove(RecordFormat.readForget(body));
            default -> throw new IllegalStateException("Unknown record type " + body.get(0) + " in " + segment.file());
        }
    }
}
