package io.strata.amqp.internal.upstream;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import org.junit.Test;

public class BackoffTest {

    @Test
    public void doublesFromOneSecondToThirtyAndStartsOverAfterASuccess() {
        Backoff backoff = new Backoff();
        long[] expected = {1, 2, 4, 8, 16, 30, 30};
        for (long seconds : expected) {
            assertEquals(Duration.ofSeconds(seconds), backoff.next());
        }
        backoff.reset();
        assertEquals(Duration.ofSeconds(1), backoff.next());
    }
}
