package io.strata.broker.internal.topics;

import io.strata.api.identity.IdentityId;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Publishes of clients that the edge hub takes itself, before Moquette
 * ({@link io.strata.broker.internal.moquette.InboundPublishHandler}).
 */
public interface InboundPublishes {

    /** One publish taken here; its topic is parsed already. */
    @FunctionalInterface
    interface Taken {

        /**
         * @param client the authenticated client
         * @param size   the body's size, known before the body is copied
         * @return completes once the publish is done with (stored, say), fails when it is refused
         */
        CompletionStage<Void> accept(IdentityId client, int size, Supplier<byte[]> body);
    }

    /**
     * Parses the topic once: empty when publishes to it are not taken here; a publish to a malformed
     * topic of these is taken, to be refused.
     */
    Optional<Taken> take(String topic);
}
