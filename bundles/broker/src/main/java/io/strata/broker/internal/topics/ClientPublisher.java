package io.strata.broker.internal.topics;

import io.strata.api.identity.IdentityId;
import java.util.concurrent.CompletionStage;

/** Publishes to one connected client alone, as the edge hub answers on the shared {@code $iothub} topics. */
@FunctionalInterface
public interface ClientPublisher {

    /** Completes with whether the client was connected and subscribed to the topic, and so got the message. */
    CompletionStage<Boolean> publish(IdentityId client, String topic, byte[] body);
}
