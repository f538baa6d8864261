package io.strata.amqp.internal.server;

import io.strata.api.message.Message;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.Router;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/** A router whose stages the test completes by hand, so it sees what happens before and after. */
final class InMemoryRouter implements Router {

    record Routed(Message message, CompletableFuture<Void> stage) {
    }

    final BlockingQueue<Routed> routed = new LinkedBlockingQueue<>();

    @Override
    public CompletionStage<Void> route(MessageSource source, Message message) {
        CompletableFuture<Void> stage = new CompletableFuture<>();
        routed.add(new Routed(message, stage));
        return stage;
    }
}
