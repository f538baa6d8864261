package io.strata.api.routing;

import io.strata.api.message.Message;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where a route delivers: a module input, the parent, an export. The router keeps each endpoint's
 * queue and retries a delivery whose stage fails, so an endpoint never needs its own buffering.
 */
@ConsumerType
public interface Endpoint {

    /** The window of an endpoint that does not say how many messages it takes at once. */
    int DEFAULT_MAX_IN_FLIGHT = 64;

    /** A stable id, used for the endpoint's queue and checkpoint; equal ids mean the same endpoint. */
    String id();

    /** Delivers one message; the stage completes when the receiver has taken responsibility for it. */
    CompletionStage<Void> deliver(Message message);

    /**
     * Delivers a batch of messages, in order, in one call, and reports what became of each to the
     * receipt. The default delivers them one by one; an endpoint that can hand several over at once,
     * such as an in-process module, overrides it.
     */
    default void deliver(List<Message> batch, DeliveryReceipt receipt) {
        for (int index = 0; index < batch.size(); index++) {
            Message message = batch.get(index);
            receipt.follow(index, () -> deliver(message));
        }
    }

    /**
     * How many messages the router may have in flight to this endpoint at once, delivered but not yet
     * reported: what the receiver can take without waiting (thousands in-process, the packet-id limit
     * over MQTT). The router asks before each batch, so the answer may change.
     */
    default int maxInFlight() {
        return DEFAULT_MAX_IN_FLIGHT;
    }

    /**
     * Whether a delivery can be tried now. While an endpoint is not ready (a module that is not
     * connected, a parent that is unreachable) the router keeps its messages queued and asks again
     * shortly, without counting failures or backing off, so a receiver that comes back is served at once.
     */
    default boolean isReady() {
        return true;
    }
}
