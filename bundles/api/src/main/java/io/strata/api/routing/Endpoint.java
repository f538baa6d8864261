package io.strata.api.routing;

import io.strata.api.message.Message;
import java.util.concurrent.CompletionStage;

/**
 * Where a route delivers: a module input, the parent, an export. The router keeps each endpoint's
 * queue and retries a delivery whose stage fails, so an endpoint never needs its own buffering.
 */
public interface Endpoint {

    /** A stable id, used for the endpoint's queue and checkpoint; equal ids mean the same endpoint. */
    String id();

    /** Delivers one message; the stage completes when the receiver has taken responsibility for it. */
    CompletionStage<Void> deliver(Message message);
}
