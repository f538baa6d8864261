package io.strata.hub.internal;

import io.strata.api.message.Message;
import io.strata.api.routing.DeliveryReceipt;
import io.strata.api.routing.Endpoint;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The end of a {@code $upstream} route on the top node. The router stored the message durably before it came
 * here and retains what it routes to {@code $upstream} for the event log, so a delivery only tells the log's
 * listeners.
 */
final class EventLogEndpoint implements Endpoint {

    private final EventFollowers followers;

    EventLogEndpoint(EventFollowers followers) {
        this.followers = followers;
    }

    @Override
    public String id() {
        return "hub-event-log";
    }

    @Override
    public CompletionStage<Void> deliver(Message message) {
        followers.logged(List.of(message));
        return CompletableFuture.completedFuture(null);
    }

    /** A whole batch at once: one report instead of a completed stage per message. */
    @Override
    public void deliver(List<Message> batch, DeliveryReceipt receipt) {
        followers.logged(batch);
        receipt.delivered(0, batch.size());
    }
}
