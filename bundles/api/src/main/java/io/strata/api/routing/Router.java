package io.strata.api.routing;

import io.strata.api.message.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Takes messages the edge hub has accepted and hands them to every endpoint whose route matches.
 */
@ProviderType
public interface Router {

    /** The sink of module inputs, as routes write it: {@code INTO BrokeredEndpoint("/modules/{m}/inputs/{i}")}. */
    String BROKERED_ENDPOINT = "BrokeredEndpoint";

    /**
     * Routes a message. The returned stage completes once the message is durably stored for every
     * matching endpoint, so a protocol adapter acknowledges its sender only then; it completes
     * exceptionally with {@link MessageRejectedException} when the message cannot be accepted.
     */
    CompletionStage<Void> route(MessageSource source, Message message);

    /**
     * Routes several messages of one sender, in order, as {@link #route(MessageSource, Message)} routes one. The
     * stage completes once all of them are durably stored, and fails with {@link MessageRejectedException} when any
     * cannot be accepted. The router may store the batch in one go; the default routes them one by one.
     *
     * @since 1.4.0
     */
    default CompletionStage<Void> route(MessageSource source, List<Message> messages) {
        CompletableFuture<?>[] routed = new CompletableFuture<?>[messages.size()];
        for (int index = 0; index < routed.length; index++) {
            routed[index] = route(source, messages.get(index)).toCompletableFuture();
        }
        return CompletableFuture.allOf(routed);
    }

    /**
     * Says that receivers of the sink's endpoints may be ready now (a module started listening on its inputs),
     * so their queued messages go out at once rather than at the router's next look, which can be a quarter of a
     * second away. The default ignores it.
     *
     * @param sinkName the sink's name as routes write it, such as {@link #BROKERED_ENDPOINT}
     */
    default void receiversChanged(String sinkName) {
    }
}
