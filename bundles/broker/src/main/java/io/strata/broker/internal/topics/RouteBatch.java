package io.strata.broker.internal.topics;

import io.strata.api.message.Message;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The telemetry one connection's read brought, routed in one call when the read ends: the router stores it under
 * one lock with one wait for the disk, instead of once per message. Messages keep their order. One per connection,
 * used on its event loop only.
 */
public final class RouteBatch {

    private Router router;
    private final List<Message> messages = new ArrayList<>();
    private final List<CompletableFuture<Void>> stages = new ArrayList<>();

    /** Holds the message for {@link #flush()}; the stage completes as the router's stage of the batch does. */
    CompletionStage<Void> add(Router to, Message message) {
        if (router != to) {
            flush();
            router = to;
        }
        CompletableFuture<Void> stage = new CompletableFuture<>();
        messages.add(message);
        stages.add(stage);
        return stage;
    }

    /** Routes the messages held, if any; called when the connection's read ends or the connection closes. */
    public void flush() {
        if (messages.isEmpty()) {
            return;
        }
        List<Message> routed = List.copyOf(messages);
        List<CompletableFuture<Void>> waiting = List.copyOf(stages);
        messages.clear();
        stages.clear();
        CompletionStage<Void> stored;
        try {
            stored = router.route(MessageSource.TELEMETRY, routed);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.whenComplete((done, failure) -> {
            for (CompletableFuture<Void> stage : waiting) {
                if (failure == null) {
                    stage.complete(null);
                } else {
                    stage.completeExceptionally(failure);
                }
            }
        });
    }
}
