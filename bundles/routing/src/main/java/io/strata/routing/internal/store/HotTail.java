package io.strata.routing.internal.store;

import io.strata.api.message.Message;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recently appended messages, decoded, up to a bound in bytes, so consumers that keep up never read the log
 * back. The oldest leave first, and only once their record is on disk, where a consumer then finds it. Changed
 * under the queue store's lock, read without it.
 */
final class HotTail {
    private record Hot(Message message, StoredRecord record) {
    }

    private final long maxBytes;
    private final Map<Long, Hot> messages = new ConcurrentHashMap<>();
    private final ArrayDeque<Hot> order = new ArrayDeque<>();
    private long bytes;

    HotTail(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void add(StoredRecord record, Message message) {
        Hot hot = new Hot(message, record);
        messages.put(record.sequence(), hot);
        order.addLast(hot);
        bytes += record.bytes();
        while (bytes > maxBytes && order.getFirst().record().isDurable()) {
            Hot oldest = order.removeFirst();
            messages.remove(oldest.record().sequence());
            bytes -= oldest.record().bytes();
        }
    }

    /** The message with this sequence number, or null when it is not (or no longer) here. */
    Message get(long sequence) {
        Hot hot = messages.get(sequence);
        return hot == null ? null : hot.message();
    }
}
