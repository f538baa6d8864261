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

    /**
     * The publishes to one topic taken here; its topic is parsed already. A connection keeps it for
     * its next publishes to the same topic, and uses it from its own event loop only.
     */
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

    /**
     * As {@link #take(String)}, for a connection whose publishes may wait in {@code batch} until its read ends, to be
     * handled together; the default handles each at once.
     */
    default Optional<Taken> take(String topic, RouteBatch batch) {
        return take(topic);
    }
}
