package io.strata.routing.internal.store;

import io.strata.api.message.Message;
import java.time.Instant;

/**
 * A message waiting in an endpoint's queue.
 *
 * @param id what {@link QueueStore#acknowledge} takes once the message is delivered
 * @param enqueued when it was appended
 * @param expiry when it is dropped if still undelivered
 * @param message the message as appended
 */
public record StoredMessage(long id, Instant enqueued, Instant expiry, Message message) {

    public int priority() {
        return EntryIds.priority(id);
    }

    /** The append's sequence number, shared by the copies of one message in every endpoint's queue. */
    public long sequence() {
        return EntryIds.sequence(id);
    }
}
