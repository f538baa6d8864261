package io.strata.api.retry;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import org.junit.Test;

public class BackoffTest {

    @Test
    public void doublesFromOneSecondUpToAMinute() {
        Backoff backoff = Backoff.DEFAULT;
        assertThat(backoff.after(1), is(Duration.ofSeconds(1)));
        assertThat(backoff.after(2), is(Duration.ofSeconds(2)));
        assertThat(backoff.after(6), is(Duration.ofSeconds(32)));
        assertThat(backoff.after(7), is(Duration.ofSeconds(60)));
        assertThat(backoff.after(1000), is(Duration.ofSeconds(60)));
    }
}
