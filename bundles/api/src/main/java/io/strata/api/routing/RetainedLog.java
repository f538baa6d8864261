package io.strata.api.routing;

import io.strata.api.hub.Event;
import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The router's durable message log read as a log: what was routed to an endpoint that asked for retention, by
 * offset, kept after delivery for a retention period. The router writes each message to disk once, before its
 * sender is acknowledged; a retained endpoint's messages simply stay in that log, so a reader such as the hub's
 * event log needs no copy of its own. Offsets are the log's sequence numbers: they grow with every message the
 * router stores, so an endpoint's next offset is greater than, not one more than, the one before.
 */
@ProviderType
public interface RetainedLog {

    /**
     * Keeps every message routed to the endpoint from now on for {@code retention} after it was stored, at most the
     * newest {@code maxMessages}, whether delivered or not. The router remembers it across restarts; asking again
     * changes the limits.
     *
     * @param endpointId the endpoint as routes name it, e.g. {@code $upstream}
     */
    void retain(String endpointId, Duration retention, long maxMessages);

    /** An offset greater than every retained message's of the endpoint so far: reading from here follows new ones. */
    long nextOffset(String endpointId);

    /**
     * At most {@code max} of the endpoint's retained messages from {@code fromOffset} on, oldest first, each once
     * it is on disk; from the oldest retained when {@code fromOffset} is older than that. Empty when nothing newer
     * is there yet.
     */
    List<Event> read(String endpointId, long fromOffset, int max);
}
