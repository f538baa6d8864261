package io.strata.api.retry;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import org.junit.Test;

public class BackoffTest {

    @Test
    public void doublesFromOneSecondToThirtyAndStartsOverAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        long[] expected = {1, 2, 4, 8, 16, 30, 30};
        int failures = 0;
        for (long seconds : expected) {
            assertEquals(Duration.ofSeconds(seconds), backoff.after(++failures));
        }
        failures = 0; // a success starts the count over
        assertEquals(Duration.ofSeconds(1), backoff.after(++failures));
    }

    @Test
    public void doublesFromOneSecondUpToAMinute() {
        Backoff backoff = Backoff.DEFAULT;
        assertEquals(Duration.ofSeconds(1), backoff.after(1));
        assertEquals(Duration.ofSeconds(2), backoff.after(2));
        assertEquals(Duration.ofSeconds(32), backoff.after(6));
        assertEquals(Duration.ofSeconds(60), backoff.after(7));
        assertEquals(Duration.ofSeconds(60), backoff.after(1000));
    }
}
