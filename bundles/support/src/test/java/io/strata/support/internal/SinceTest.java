package io.strata.support.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.Test;

public class SinceTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T06:00:00Z"), ZoneOffset.UTC);

    @Test
    public void aWhileBackOrATime() {
        assertEquals(Instant.parse("2026-12-07T05:00:00Z"), Since.parse("1h", clock));
        assertEquals(Instant.parse("2026-12-07T05:30:00Z"), Since.parse("30m", clock));
        assertEquals(Instant.parse("2026-12-05T06:00:00Z"), Since.parse("2d", clock));
        assertEquals(Instant.parse("2026-12-07T05:59:15Z"), Since.parse("45s", clock));
        assertEquals(Instant.parse("2026-12-07T01:02:03Z"), Since.parse("2026-12-07T01:02:03Z", clock));
    }

    @Test
    public void anythingElseIsRefusedNamingTheValue() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Since.parse("1 hour", clock));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("--since 1 hour is neither"));
    }
}
