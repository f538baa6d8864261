package io.strata.samples.tempsensor.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.Test;

public class SensorSettingsTest {

    @Test
    public void defaultsAreFiveSecondsAnd500Messages() {
        assertThat(SensorSettings.from(Map.of()), is(new SensorSettings(Duration.ofSeconds(5), 500)));
    }

    @Test
    public void fractionalIntervalsAndUnlimitedCountsAreAccepted() {
        assertThat(SensorSettings.from(Map.of("SendInterval", "0.05", "MessageCount", "0")),
                is(new SensorSettings(Duration.ofMillis(50), 0)));
    }

    @Test
    public void aBadSettingFailsNamingIt() {
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> SensorSettings.from(Map.of("SendInterval", "not-a-number"))).getMessage(),
                containsString("SendInterval must be a number, not 'not-a-number'"));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> SensorSettings.from(Map.of("SendInterval", "-1"))).getMessage(), containsString("SendInterval"));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> SensorSettings.from(Map.of("MessageCount", "2.5"))).getMessage(), containsString("MessageCount"));
    }
}
