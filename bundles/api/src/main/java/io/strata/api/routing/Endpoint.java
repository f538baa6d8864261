package io.strata.api.routing;

import io.strata.api.message.Message;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where a route delivers: a module input, the parent, an export. The router keeps each endpoint's
 * queue and retries a delivery whose stage fails, so an endpoint never needs its own buffering.
 */
@ConsumerType
public interface Endpoint {

    /** A stable id, used for the endpoint's queue and checkpoint; equal ids mean the same endpoint. */
    String id();

    /** Delivers one message; the stage completes when the receiver has taken responsibility for it. */
    CompletionStage<Void> deliver(Message message);

    /**
     * Whether a delivery can be tried now. While an endpoint is not ready (a module that is not
     * connected, a parent that is unreachable) the router keeps its messages queued and asks again
     * shortly, without counting failures or backing off, so a receiver that comes back is served at once.
     */
    default boolean isReady() {
        return true;
    }
}
