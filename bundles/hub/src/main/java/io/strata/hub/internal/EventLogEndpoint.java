package io.strata.hub.internal;

import io.strata.api.message.Message;
import io.strata.api.routing.Endpoint;
import java.util.concurrent.CompletionStage;

/** The end of a {@code $upstream} route on the top node: a delivery completes once the event log has it on disk. */
final class EventLogEndpoint implements Endpoint {

    private final EventStore store;

    EventLogEndpoint(EventStore store) {
        this.store = store;
    }

    @Override
    public String id() {
        return "hub-event-log";
    }

    @Override
    public CompletionStage<Void> deliver(Message message) {
        return store.append(message);
    }
}
