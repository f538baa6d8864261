package io.strata.amqp.internal.upstream;

import java.time.Duration;

/** The wait before the next connection attempt: 1 s, doubling after each failure, at most 30 s. */
final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);

    private Duration next = FIRST;

    /** The wait before the next attempt; the one after it is twice as long, up to {@link #MAX}. */
    synchronized Duration next() {
        Duration wait = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(MAX) > 0 ? MAX : doubled;
        return wait;
    }

    /** A connection succeeded: the next failure waits {@link #FIRST} again. */
    synchronized void reset() {
        next = FIRST;
    }
}
