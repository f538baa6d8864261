package io.strata.management.internal;

import java.util.List;

/** {@code io.strata:type=routing}: the routes in force and the queues of their endpoints. */
public interface RoutingMXBean {

    /** A route as {@code edge:routes} shows it. */
    record Route(String name, String text, int priority, long timeToLiveSeconds, long matched) {
    }

    /** An endpoint's queue as {@code edge:queues} shows it; {@code oldestAgeSeconds} is -1 for an empty queue. */
    record Endpoint(String id, String state, long depth, long oldestAgeSeconds, long delivered, long expired,
            long dropped, long failures, String lastError) {
    }

    List<Route> getRoutes();

    List<Endpoint> getEndpoints();

    /** Messages waiting in every endpoint's queue. */
    long getQueuedMessages();

    /** Messages no route took since the router started. */
    long getUnroutedMessages();
}
