package io.strata.shell.internal.topology;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.strata.api.metrics.NodeHealth;
import io.strata.api.metrics.SeenHealth;
import java.time.Duration;
import java.time.Instant;
import org.junit.Test;

public class HealthTextTest {

    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

    @Test
    public void showsTheFiguresAndTheAgeOfTheReport() {
        SeenHealth seen = new SeenHealth(new NodeHealth("cell-1", NOW.minusSeconds(20), "CONNECTED", 3, 100, 1, 2, 1),
                NOW.minusSeconds(12));

        assertThat(HealthText.of(seen, NOW),
                is("queued 3, upstream CONNECTED, 2 clients, 1 failed modules, 12 s ago"));
    }

    @Test
    public void agesReadInTheUnitThatFits() {
        assertThat(HealthText.age(Duration.ofSeconds(119)), is("119 s"));
        assertThat(HealthText.age(Duration.ofMinutes(5)), is("5 min"));
        assertThat(HealthText.age(Duration.ofHours(3)), is("3 h"));
        assertThat("a hub clock behind the report's never shows a negative age",
                HealthText.age(Duration.ofSeconds(-4)), is("0 s"));
    }
}
