package io.strata.routing.internal.runtime;

import io.strata.routing.internal.lang.Route;
import io.strata.routing.internal.store.Destination;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A valid route of the manifest with its delivery options, counting the messages it matched. */
final class ConfiguredRoute {
    private final Route route;
    private final int priority;
    /** Null when the route leaves it to storeAndForwardConfiguration or the node's default. */
    private final Duration timeToLive;
    private final AtomicLong matched = new AtomicLong();

    ConfiguredRoute(Route route, int priority, Duration timeToLive) {
        this.route = route;
        this.priority = priority;
        this.timeToLive = timeToLive;
    }

    Route route() {
        return route;
    }

    /** {@link Destination#UNPRIORITISED} when the manifest gives none. */
    int priority() {
        return priority;
    }

    Duration timeToLive() {
        return timeToLive;
    }

    long matched() {
        return matched.get();
    }

    void countMatch() {
        matched.incrementAndGet();
    }
}
