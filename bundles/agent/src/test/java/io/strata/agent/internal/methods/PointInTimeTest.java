package io.strata.agent.internal.methods;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.Test;

public class PointInTimeTest {

    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");

    private static Instant parse(String text) throws BadPayloadException {
        return PointInTime.parse("since", text, NOW);
    }

    @Test
    public void readsRfc3339TimestampsWithTheirOffset() throws BadPayloadException {
        assertThat(parse("2026-12-07T05:30:00Z"), is(Instant.parse("2026-12-07T05:30:00Z")));
        assertThat(parse("2026-12-07T06:30:00.250+01:00"), is(Instant.parse("2026-12-07T05:30:00.250Z")));
    }

    @Test
    public void readsUnixSeconds() throws BadPayloadException {
        assertThat(parse("1796621400"), is(Instant.ofEpochSecond(1796621400L)));
    }

    @Test
    public void readsDurationsBackFromNowAsIotEdgeWritesThem() throws BadPayloadException {
        assertThat(parse("10m"), is(NOW.minus(Duration.ofMinutes(10))));
        assertThat(parse("1 d"), is(NOW.minus(Duration.ofDays(1))));
        assertThat(parse("90 M"), is(NOW.minus(Duration.ofMinutes(90))));
        assertThat(parse("2 days 3 hours 2 minutes"), is(NOW.minus(Duration.parse("P2DT3H2M"))));
        assertThat(parse("1h30m"), is(NOW.minus(Duration.ofMinutes(90))));
    }

    @Test
    public void refusesAnythingElseNamingTheField() {
        for (String bad : new String[] {"yesterday", "10 fortnights", "10m later", "", "5"+"0".repeat(20)}) {
            BadPayloadException e = assertThrows(BadPayloadException.class,
                    () -> PointInTime.parse("items[0].filter.since", bad, NOW));
            assertThat(bad, e.getMessage(), containsString("items[0].filter.since '"));
            assertThat(e.getMessage(), containsString("RFC 3339"));
        }
    }
}
