package io.strata.api.retry;

import java.time.Duration;

/**
 * Exponential back-off between failed attempts: the first wait is {@code first}, each next one
 * twice the last, never more than {@code max}.
 */
public record Backoff(Duration first, Duration max) {

    /** IoT Edge's: 1 s, doubling, at most 60 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < first <= max, not " + first + " and " + max);
        }
    }

    /** The wait after {@code failures} failures in a row (at least 1). */
    public Duration after(int failures) {
        Duration wait = first;
        for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) < 0 ? wait : max;
    }
}
