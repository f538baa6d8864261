package io.strata.edgehub.internal;

import io.strata.api.message.Message;
import io.strata.api.routing.Endpoint;
import io.strata.api.routing.MessageRejectedException;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.Router;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A router with one route, every telemetry message into one endpoint: it queues what it accepts
 * and delivers on request, keeping a message whose delivery failed, as the real router does.
 */
final class QueueingRouter implements Router {

    private final Endpoint endpoint;
    final List<Message> queue = new CopyOnWriteArrayList<>();
    volatile String refusal;

    QueueingRouter(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public CompletionStage<Void> route(MessageSource source, Message message) {
        if (refusal != null) {
            return CompletableFuture.failedFuture(new MessageRejectedException(refusal));
        }
        if (source == MessageSource.TELEMETRY) {
            queue.add(message);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Delivers the oldest queued message; it leaves the queue only once delivered. */
    CompletableFuture<Void> deliverOldest() {
        Message oldest = queue.get(0);
        return endpoint.deliver(oldest).toCompletableFuture().thenRun(() -> queue.remove(oldest));
    }
}
