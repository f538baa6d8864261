package io.strata.routing.internal.store;

import io.strata.api.message.Message;
import java.time.Instant;

/**
 * A message waiting in an endpoint's queue.
 *
 * @param id what {@link QueueStore#acknowledge} takes once the message is delivered
 * @param enqueuedMillis when it was appended, in milliseconds since the epoch
 * @param expiryMillis when it is dropped if still undelivered, in milliseconds since the epoch
 * @param message the message as appended
 */
public record StoredMessage(long id, long enqueuedMillis, long expiryMillis, Message message) {

    /** When it was appended; made on request, as most consumers never ask. */
    public Instant enqueued() {
        return Instant.ofEpochMilli(enqueuedMillis);
    }

    /** When it is dropped if still undelivered. */
    public Instant expiry() {
        return Instant.ofEpochMilli(expiryMillis);
    }

    public int priority() {
        return EntryIds.priority(id);
    }

    /** The append's sequence number, shared by the copies of one message in every endpoint's queue. */
    public long sequence() {
        return EntryIds.sequence(id);
    }
}
