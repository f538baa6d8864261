package io.strata.broker.internal.topics;

import io.strata.api.identity.IdentityId;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Publishes of clients that the edge hub takes itself, before Moquette
 * ({@link io.strata.broker.internal.moquette.InboundPublishHandler}).
 */
public interface InboundPublishes {

    /** Whether publishes to this topic are taken here, well-formed or not. */
    boolean takes(String topic);

    /**
     * @param client the authenticated client
     * @param size   the body's size, known before the body is copied
     * @return completes once the publish is done with (stored, say), fails when it is refused
     */
    CompletionStage<Void> accept(IdentityId client, String topic, int size, Supplier<byte[]> body);
}
