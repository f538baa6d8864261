package io.strata.routing.internal.store;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * One endpoint's queue: its entries keyed by {@link EntryIds id}, so in delivery order, and what it lost since the
 * store was opened.
 */
final class EndpointQueue {
    private final String endpoint;
    private final MVMap<Long, byte[]> entries;
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    EndpointQueue(String endpoint, MVMap<Long, byte[]> entries) {
        this.endpoint = endpoint;
        this.entries = entries;
    }

    String endpoint() {
        return endpoint;
    }

    void put(long id, byte[] entry) {
        entries.put(id, entry);
    }

    /** Removes an entry and returns it, or null when it is gone already (acknowledged, expired or dropped). */
    byte[] remove(long id) {
        return entries.remove(id);
    }

    /** The entries in delivery order, as they are when the cursor is made. */
    Cursor<Long, byte[]> fromHead() {
        return entries.cursor(null);
    }

    /** The bytes all entries take; reads every entry, so only for opening the store. */
    long bytes() {
        long bytes = 0;
        for (Cursor<Long, byte[]> cursor = fromHead(); cursor.hasNext(); cursor.next()) {
            bytes += cursor.getValue().length;
        }
        return bytes;
    }

    long depth() {
        return entries.sizeAsLong();
    }

    /** The id of the oldest entry of the lowest priority present: the first to go when room is needed. */
    Optional<Long> oldestOfLowestPriority() {
        Long last = entries.lastKey();
        return last == null ? Optional.empty() : Optional.ofNullable(entries.ceilingKey(EntryIds.firstOf(EntryIds.priority(last))));
    }

    /** When the oldest entry was appended: the oldest among the heads of each priority. */
    Optional<Instant> oldestEnqueued() {
        Instant oldest = null;
        for (Long head = entries.ceilingKey(EntryIds.firstOf(Destination.HIGHEST_PRIORITY)); head != null;
                head = entries.ceilingKey(EntryIds.firstOf(EntryIds.priority(head) + 1))) {
            byte[] entry = entries.get(head);
            if (entry != null) {
                Instant enqueued = EntryFormat.enqueued(entry);
                oldest = oldest == null || enqueued.isBefore(oldest) ? enqueued : oldest;
            }
        }
        return Optional.ofNullable(oldest);
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
