package io.strata.routing.internal.store;

import io.strata.api.message.Message;
import java.util.ArrayDeque;

/**
 * The recently appended messages that some endpoint still waits for, decoded, up to a bound in bytes, so consumers
 * that keep up never read the log back. A message leaves as soon as no endpoint waits for it, so consumers that
 * keep up leave the garbage collector little to carry; otherwise the oldest leave first, and only once their record
 * is on disk, where a consumer then finds it. Each message hangs on its {@link StoredRecord}, so keeping one costs
 * no map entry. Changed under the queue store's lock, read without it.
 */
final class HotTail {
    /** Bounds the order kept of messages that left early, behind an older one that stays. */
    private static final int MAX_ENTRIES = 1 << 17;

    private final long maxBytes;
    /** Every record added and not yet evicted, oldest first, including those whose message left early. */
    private final ArrayDeque<StoredRecord> order = new ArrayDeque<>();
    private long bytes;

    HotTail(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void add(StoredRecord record, Message message) {
        record.keepHot(message);
        order.addLast(record);
        bytes += record.bytes();
        while (!order.isEmpty() && (order.getFirst().hot() == null
                || (bytes > maxBytes || order.size() > MAX_ENTRIES) && order.getFirst().isDurable())) {
            StoredRecord oldest = order.removeFirst();
            if (oldest.hot() != null) {
                forget(oldest);
            }
        }
    }

    /**
     * No endpoint waits for the record's message any more. Records that left at the head go at once, not at the next
     * append: a queue that drained and then idles holds none of them.
     */
    void remove(StoredRecord record) {
        if (record.hot() != null) {
            forget(record);
        }
        while (!order.isEmpty() && order.getFirst().hot() == null) {
            order.removeFirst();
        }
    }

    /** How many records it holds, with those whose message left early behind an older one that stays. */
    int held() {
        return order.size();
    }

    /** The record's message, or null when it is not (or no longer) here. */
    Message get(StoredRecord record) {
        return record.hot();
    }

    private void forget(StoredRecord record) {
        record.keepHot(null);
        bytes -= record.bytes();
    }
}
