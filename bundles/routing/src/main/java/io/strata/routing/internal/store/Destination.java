package io.strata.routing.internal.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a route sends a message: the endpoint's queue, with the route's priority and time to live.
 *
 * @param endpoint the endpoint whose queue takes the message
 * @param priority {@value #HIGHEST_PRIORITY} (highest) to {@value #LOWEST_PRIORITY}, or {@value #UNPRIORITISED}
 *        for a route without priority, which comes after every prioritised one
 * @param timeToLive the route's time to live, or null for the store's default
 */
public record Destination(String endpoint, int priority, Duration timeToLive) {
    public static final int HIGHEST_PRIORITY = 0;
    public static final int LOWEST_PRIORITY = 9;
    public static final int UNPRIORITISED = 10;

    public Destination {
        Objects.requireNonNull(endpoint, "endpoint");
        if (priority < HIGHEST_PRIORITY || priority > UNPRIORITISED) {
            throw new IllegalArgumentException("priority must be " + HIGHEST_PRIORITY + " to " + LOWEST_PRIORITY
                    + " or unprioritised (" + UNPRIORITISED + "), not " + priority);
        }
        if (timeToLive != null && (timeToLive.isNegative() || timeToLive.isZero())) {
            throw new IllegalArgumentException("timeToLive must be positive, not " + timeToLive);
        }
    }

    /** An unprioritised destination that keeps messages for the store's default time to live. */
    public static Destination of(String endpoint) {
        return new Destination(endpoint, UNPRIORITISED, null);
    }
}
