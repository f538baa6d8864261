package io.strata.routing.internal.store;

import io.strata.api.message.Message;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recently appended messages that some endpoint still waits for, decoded, up to a bound in bytes, so consumers
 * that keep up never read the log back. A message leaves as soon as no endpoint waits for it, so consumers that
 * keep up leave the garbage collector little to carry; otherwise the oldest leave first, and only once their record
 * is on disk, where a consumer then finds it. Changed under the queue store's lock, read without it.
 */
final class HotTail {
    /** Bounds the order kept of messages that left early, behind an older one that stays. */
    private static final int MAX_ENTRIES = 1 << 17;

    private static final class Hot {
        final StoredRecord record;
        Message message;

        Hot(StoredRecord record, Message message) {
            this.record = record;
            this.message = message;
        }
    }

    private final long maxBytes;
    private final Map<Long, Hot> messages = new ConcurrentHashMap<>();
    /** Every message added and not yet evicted, oldest first, including those that left early (message null). */
    private final ArrayDeque<Hot> order = new ArrayDeque<>();
    private long bytes;

    HotTail(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void add(StoredRecord record, Message message) {
        Hot hot = new Hot(record, message);
        messages.put(record.sequence(), hot);
        order.addLast(hot);
        bytes += record.bytes();
        while (!order.isEmpty() && (order.getFirst().message == null
                || (bytes > maxBytes || order.size() > MAX_ENTRIES) && order.getFirst().record.isDurable())) {
            Hot oldest = order.removeFirst();
            if (oldest.message != null) {
                forget(oldest);
            }
        }
    }

    /** No endpoint waits for the record's message any more. */
    void remove(StoredRecord record) {
        Hot hot = messages.get(record.sequence());
        if (hot != null) {
            forget(hot);
        }
    }

    /** The message with this sequence number, or null when it is not (or no longer) here. */
    Message get(long sequence) {
        Hot hot = messages.get(sequence);
        return hot == null ? null : hot.message;
    }

    private void forget(Hot hot) {
        messages.remove(hot.record.sequence());
        hot.message = null;
        bytes -= hot.record.bytes();
    }
}
