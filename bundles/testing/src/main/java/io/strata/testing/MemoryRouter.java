package io.strata.testing;

import io.strata.api.message.Message;
import io.strata.api.routing.Endpoint;
import io.strata.api.routing.MessageRejectedException;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.Router;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A router that keeps what it accepts in a queue, in order, and delivers on request, keeping a message
 * whose delivery failed, as the real router does. Its stages complete as soon as it accepts a message,
 * or, when made {@link #completingByHand()}, when the test completes them, so it sees what happens
 * before and after. While {@link #refusal} is set it refuses every message with that reason.
 */
public final class MemoryRouter implements Router {

    public record Routed(MessageSource source, Message message, CompletableFuture<Void> stage) {
    }

    public final BlockingQueue<Routed> routed = new LinkedBlockingQueue<>();
    public volatile String refusal;
    private final boolean byHand;

    /** A router whose stages complete when it accepts a message. */
    public MemoryRouter() {
        this(false);
    }

    private MemoryRouter(boolean byHand) {
        this.byHand = byHand;
    }

    /** A router whose stages the test completes, through {@link Routed#stage()}. */
    public static MemoryRouter completingByHand() {
        return new MemoryRouter(true);
    }

    @Override
    public CompletionStage<Void> route(MessageSource source, Message message) {
        if (refusal != null) {
            return CompletableFuture.failedFuture(new MessageRejectedException(refusal));
        }
        CompletableFuture<Void> stage = byHand ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
        routed.add(new Routed(source, message, stage));
        return stage;
    }

    /** Delivers the oldest routed message to {@code endpoint}; it leaves the queue only once delivered. */
    public CompletableFuture<Void> deliverOldest(Endpoint endpoint) {
        Routed oldest = routed.element();
        return endpoint.deliver(oldest.message()).toCompletableFuture().thenRun(() -> routed.remove(oldest));
    }
}
