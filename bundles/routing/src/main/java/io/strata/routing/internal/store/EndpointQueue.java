package io.strata.routing.internal.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One endpoint's cursor over the log: its waiting entries keyed by {@link EntryIds id}, so in delivery order, its
 * checkpoint, and what it lost since the store was opened; with a {@link Retention}, also every entry it took
 * within it, delivered or not, by sequence number. Changed under the queue store's lock; read without it.
 */
final class EndpointQueue {
    /** A message waiting for this endpoint. */
    record Entry(long id, StoredRecord record, long enqueuedMillis, long expiryMillis) {
    }

    private final String endpoint;
    private final ConcurrentNavigableMap<Long, Entry> entries = new ConcurrentSkipListMap<>();
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final ConcurrentNavigableMap<Long, Entry> retained = new ConcurrentSkipListMap<>();
    private final AtomicLong retainedCount = new AtomicLong();
    private volatile long checkpoint;
    private volatile Retention retention;
    // Guarded by readLock: where the next read for delivery starts (every entry before it is in flight), and the
    // lowest id added or rewound to while a read was under way, which that read may have passed.
    private final Object readLock = new Object();
    private long readFrom;
    private long lowestSinceRead = Long.MAX_VALUE;

    EndpointQueue(String endpoint) {
        this.endpoint = endpoint;
    }

    String endpoint() {
        return endpoint;
    }

    void add(Entry entry) {
        entry.record().reference();
        entries.put(entry.id(), entry);
        rewind(entry.id());
        depth.incrementAndGet();
        Retention keep = retention;
        if (keep != null) {
            keep(entry, keep);
        }
    }

    Retention retention() {
        return retention;
    }

    /**
     * Sets the retention; the first also keeps what still waits for delivery, which is in the log as well (a hub
     * installed after messages for it queued loses none of them).
     */
    void retain(Retention newRetention) {
        boolean first = retention == null;
        retention = newRetention;
        if (first) {
            entries.values().forEach(entry -> keep(entry, newRetention));
        }
    }

    /** The retained entries from this sequence number on, in sequence order. */
    Iterable<Entry> retainedFrom(long sequence) {
        return retained.tailMap(sequence).values();
    }

    /** Lets go of the retained entries older than the retention or beyond its maximum count. */
    void trimRetained(long nowMillis) {
        Retention keep = retention;
        if (keep == null) {
            return;
        }
        for (Map.Entry<Long, Entry> oldest = retained.firstEntry(); oldest != null; oldest = retained.firstEntry()) {
            if (retainedCount.get() <= keep.maxMessages() && oldest.getValue().enqueuedMillis() >= nowMillis - keep.millis()) {
                return;
            }
            dropOldestRetained();
        }
    }

    private void keep(Entry entry, Retention keep) {
        entry.record().retain();
        retained.put(entry.record().sequence(), entry);
        if (retainedCount.incrementAndGet() > keep.maxMessages()) {
            dropOldestRetained();
        }
    }

    private void dropOldestRetained() {
        Map.Entry<Long, Entry> oldest = retained.pollFirstEntry();
        if (oldest != null) {
            retainedCount.decrementAndGet();
            oldest.getValue().record().unretain();
        }
    }

    /** Removes an entry and returns it, or null when it is gone already (acknowledged, expired or dropped). */
    Entry remove(Long id) {
        Entry removed = entries.remove(id);
        if (removed != null) {
            depth.decrementAndGet();
        }
        return removed;
    }

    boolean contains(long id) {
        return entries.containsKey(id);
    }

    /** The entries in delivery order; weakly consistent, so appends and removals may go on meanwhile. */
    Iterable<Entry> fromHead() {
        return entries.values();
    }

    /** The entries from where the last read for delivery ended on; finish the read with {@link #endRead}. */
    Iterable<Entry> startRead() {
        synchronized (readLock) {
            lowestSinceRead = Long.MAX_VALUE;
            return entries.tailMap(readFrom).values();
        }
    }

    /**
     * Ends a read that handed out or passed over every entry before {@code next}; an entry added before that
     * meanwhile (a higher priority) moves the start back to it.
     */
    void endRead(long next) {
        synchronized (readLock) {
            readFrom = Math.min(next, lowestSinceRead);
        }
    }

    /** The next read starts at this entry at the latest: it was added, or its delivery failed. */
    void rewind(long id) {
        synchronized (readLock) {
            readFrom = Math.min(readFrom, id);
            lowestSinceRead = Math.min(lowestSinceRead, id);
        }
    }

    long depth() {
        return depth.get();
    }

    long checkpoint() {
        return checkpoint;
    }

    void moveCheckpoint(long sequence) {
        checkpoint = Math.max(checkpoint, sequence);
    }

    /** The oldest entry of the lowest priority present: the first to go when room is needed. */
    Optional<Entry> oldestOfLowestPriority() {
        Map.Entry<Long, Entry> last = entries.lastEntry();
        return last == null ? Optional.empty()
                : Optional.ofNullable(entries.ceilingEntry(EntryIds.firstOf(EntryIds.priority(last.getKey())))).map(Map.Entry::getValue);
    }

    /** When the oldest entry was appended: the oldest among the heads of each priority. */
    Optional<Instant> oldestEnqueued() {
        long oldest = Long.MAX_VALUE;
        for (Map.Entry<Long, Entry> head = entries.ceilingEntry(EntryIds.firstOf(Destination.HIGHEST_PRIORITY)); head != null;
                head = entries.ceilingEntry(EntryIds.firstOf(EntryIds.priority(head.getKey()) + 1))) {
            oldest = Math.min(oldest, head.getValue().enqueuedMillis());
        }
        return oldest == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest));
    }

    void countExpired() {
        expired.incrementAndGet();
    }

    void countDropped() {
        dropped.incrementAndGet();
    }

    long expired() {
        return expired.get();
    }

    long dropped() {
        return dropped.get();
    }
}
