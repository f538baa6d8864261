package io.strata.routing.internal.store;

import io.strata.api.message.Message;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store-and-forward queues of the edge hub, one per endpoint, in one MVStore file. See the package
 * documentation for what durable means and how the file is laid out.
 */
public final class QueueStore implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(QueueStore.class);
    private static final String QUEUE_MAP_PREFIX = "queue.";
    private static final String CHECKPOINTS_MAP = "checkpoints";
    private static final String COUNTERS_MAP = "counters";
    private static final String LAST_SEQUENCE = "lastSequence";
    private static final int COMPACT_FILL_RATE_PERCENT = 50;
    private static final int COMPACT_WRITE_BYTES = 16 * 1024 * 1024;
    /** The entry a full store drops first: lowest priority, then oldest. */
    private static final Comparator<Long> FIRST_TO_DROP = Comparator.comparingInt(EntryIds::priority).reversed()
            .thenComparingLong(EntryIds::sequence);

    private final MVStore store;
    private final StoreSettings settings;
    private final Clock clock;
    private final GroupCommit groupCommit;
    private final MVMap<String, Long> checkpoints;
    private final MVMap<String, Long> counters;
    private final Map<String, EndpointQueue> queues = new ConcurrentHashMap<>();
    private final AtomicLong storedBytes = new AtomicLong();
    /** Held while an append checks the limit, makes room and writes, so concurrent appends cannot overshoot it. */
    private final Object appendLock = new Object();
    private long lastSequence;

    private QueueStore(MVStore store, StoreSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.groupCommit = new GroupCommit(store, "strata-queue-commit");
        this.checkpoints = store.openMap(CHECKPOINTS_MAP);
        this.counters = store.openMap(COUNTERS_MAP);
        this.lastSequence = counters.getOrDefault(LAST_SEQUENCE, 0L);
        for (String name : store.getMapNames()) {
            if (name.startsWith(QUEUE_MAP_PREFIX)) {
                storedBytes.addAndGet(queue(name.substring(QUEUE_MAP_PREFIX.length())).bytes());
            }
        }
    }

    /**
     * Opens the store file, creating it if needed, with every entry appended and not acknowledged before. Reads
     * every entry once, to learn how many bytes are in use.
     */
    public static QueueStore open(Path file, StoreSettings settings, Clock clock) {
        // Auto-commit stays off: with it MVStore writes chunks on background executors, and a force could then
        // run before the chunk holding an append is written. This way every write happens in a committing thread.
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        try {
            return new QueueStore(store, settings, clock);
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    /**
     * Stores the message in the queue of every destination, in the calling thread, so one sender's messages keep
     * their order; the returned future completes once it is on disk, so the sender may be acknowledged then.
     * Concurrent appends share one commit and fsync.
     *
     * @param destinations where the message goes, each endpoint at most once
     * @throws StoreFullException when it does not fit under {@link StoreSettings#maxBytes()}, with
     *         {@link FullPolicy#REFUSE_NEW}, or when it alone is larger than that; nothing was stored then
     */
    public CompletableFuture<Void> append(Message message, Collection<Destination> destinations) throws StoreFullException {
        List<Destination> targets = List.copyOf(destinations);
        if (targets.stream().map(Destination::endpoint).distinct().count() < targets.size()) {
            throw new IllegalArgumentException("A message goes to each endpoint at most once, not to " + targets);
        }
        byte[] encoded = EntryFormat.encode(message);
        Instant now = clock.instant();
        List<byte[]> entries = new ArrayList<>(targets.size());
        for (Destination target : targets) {
            Duration timeToLive = target.timeToLive() == null ? settings.defaultTimeToLive() : target.timeToLive();
            entries.add(EntryFormat.entry(encoded, now, now.plus(timeToLive)));
        }
        long needed = entries.stream().mapToLong(entry -> entry.length).sum();
        synchronized (appendLock) {
            makeRoom(needed);
            long sequence = ++lastSequence;
            for (int i = 0; i < targets.size(); i++) {
                queue(targets.get(i).endpoint()).put(EntryIds.id(targets.get(i).priority(), sequence), entries.get(i));
            }
            counters.put(LAST_SEQUENCE, sequence);
            storedBytes.addAndGet(needed);
        }
        return groupCommit.register();
    }

    /**
     * The next messages to deliver to the endpoint, at most {@code maxCount}: the highest priority first, the
     * oldest first within a priority. They stay queued until {@link #acknowledge acknowledged}, so a consumer whose
     * delivery failed peeks the same ones again; one consumer per endpoint. Expired entries met on the way are
     * dropped and counted.
     */
    public List<StoredMessage> peek(String endpoint, int maxCount) {
        return peek(endpoint, maxCount, Set.of());
    }

    /** As {@link #peek(String, int)}, passing over the messages with the given ids (those in flight, say). */
    public List<StoredMessage> peek(String endpoint, int maxCount, Set<Long> passOver) {
        EndpointQueue queue = queues.get(endpoint);
        if (queue == null) {
            return List.of();
        }
        Instant now = clock.instant();
        List<StoredMessage> batch = new ArrayList<>();
        Cursor<Long, byte[]> cursor = queue.fromHead();
        while (batch.size() < maxCount && cursor.hasNext()) {
            long id = cursor.next();
            if (passOver.contains(id)) {
                continue;
            }
            byte[] entry = cursor.getValue();
            Instant expiry = EntryFormat.expiry(entry);
            if (now.isBefore(expiry)) {
                batch.add(new StoredMessage(id, EntryFormat.enqueued(entry), expiry, EntryFormat.message(entry)));
            } else if (remove(queue, id)) {
                queue.countExpired();
            }
        }
        return batch;
    }

    /**
     * Removes delivered messages from the endpoint's queue and moves its checkpoint. Unknown ids are ignored, so
     * acknowledging twice is harmless. Written to the file but not forced: after a power cut the messages may be
     * delivered again, which at-least-once allows.
     */
    public void acknowledge(String endpoint, Collection<Long> ids) {
        EndpointQueue queue = queues.get(endpoint);
        if (queue == null || ids.isEmpty()) {
            return;
        }
        ids.forEach(id -> remove(queue, id));
        long newest = ids.stream().mapToLong(EntryIds::sequence).max().orElseThrow();
        checkpoints.merge(endpoint, newest, Math::max);
        store.commit();
    }

    /**
     * Removes the endpoint's queue if it holds nothing, for an endpoint no route names any more.
     *
     * @return whether it was removed
     */
    public boolean removeIfEmpty(String endpoint) {
        synchronized (appendLock) {
            EndpointQueue queue = queues.get(endpoint);
            if (queue == null || queue.depth() > 0) {
                return false;
            }
            queues.remove(endpoint);
            store.removeMap(QUEUE_MAP_PREFIX + endpoint);
            checkpoints.remove(endpoint);
            return true;
        }
    }

    /**
     * Rewrites sparse chunks of the file, a little at a time: with auto-commit off MVStore never does it by
     * itself, and delivered messages leave the file's chunks ever emptier.
     */
    public void compact() {
        store.compact(COMPACT_FILL_RATE_PERCENT, COMPACT_WRITE_BYTES);
    }

    /** The endpoints that have a queue, in name order. */
    public Set<String> endpoints() {
        return new TreeSet<>(queues.keySet());
    }

    public QueueStats stats(String endpoint) {
        long checkpoint = checkpoints.getOrDefault(endpoint, 0L);
        EndpointQueue queue = queues.get(endpoint);
        if (queue == null) {
            return new QueueStats(endpoint, 0, Duration.ZERO, checkpoint, 0, 0);
        }
        Duration oldestAge = queue.oldestEnqueued().map(enqueued -> Duration.between(enqueued, clock.instant()))
                .orElse(Duration.ZERO);
        return new QueueStats(endpoint, queue.depth(), oldestAge, checkpoint, queue.expired(), queue.dropped());
    }

    /** Closes the file once every append is on disk; what was acknowledged is written. */
    @Override
    public void close() {
        try {
            groupCommit.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            store.close();
        }
    }

    private EndpointQueue queue(String endpoint) {
        return queues.computeIfAbsent(endpoint, name -> new EndpointQueue(name, store.openMap(QUEUE_MAP_PREFIX + name,
                new MVMap.Builder<Long, byte[]>().keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE))));
    }

    private boolean remove(EndpointQueue queue, long id) {
        byte[] removed = queue.remove(id);
        if (removed == null) {
            return false;
        }
        storedBytes.addAndGet(-removed.length);
        return true;
    }

    /** Called with the append lock held. */
    private void makeRoom(long needed) throws StoreFullException {
        long limit = settings.maxBytes();
        if (storedBytes.get() + needed <= limit) {
            return;
        }
        if (settings.fullPolicy() == FullPolicy.REFUSE_NEW || needed > limit) {
            throw new StoreFullException(limit, storedBytes.get(), needed);
        }
        Map<String, Integer> droppedPerEndpoint = new TreeMap<>();
        while (storedBytes.get() + needed > limit) {
            EndpointQueue victim = null;
            long victimId = 0;
            for (EndpointQueue queue : queues.values()) {
                Optional<Long> candidate = queue.oldestOfLowestPriority();
                if (candidate.isPresent() && (victim == null || FIRST_TO_DROP.compare(candidate.get(), victimId) < 0)) {
                    victim = queue;
                    victimId = candidate.get();
                }
            }
            if (victim == null) {
                // Every queue is empty: the bytes still counted belong to acknowledgements about to subtract them.
                break;
            }
            if (remove(victim, victimId)) {
                victim.countDropped();
                droppedPerEndpoint.merge(victim.endpoint(), 1, Integer::sum);
            }
        }
        LOGGER.warn("The message store is full ({} bytes): dropped the oldest entries of the lowest priority, per endpoint {}",
                limit, droppedPerEndpoint);
    }
}
