package io.strata.amqp.internal.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class InstantTextTest {

    @Test
    public void readsWhatInstantWritesAsInstantParseDoes() {
        Random random = new Random(15);
        for (int i = 0; i < 100_000; i++) {
            // seconds from year 1 to 9999, with whole seconds, milli-, micro- and nanoseconds
            long seconds = -62_135_596_800L + (long) (random.nextDouble() * 315_537_897_599L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            String text = Instant.ofEpochSecond(seconds, nanos).toString();
            assertEquals(text, Instant.parse(text).toEpochMilli(), InstantText.toEpochMilli(text));
        }
    }

    @Test
    public void otherFormsGoToTheIsoParser() {
        for (String text : List.of("2026-12-07T01:48:47.3Z", "2026-12-07T01:48:47.12Z", "+10000-01-01T00:00:00Z",
                "1970-01-01T00:00:00Z", "2026-12-07T01:48:47.Z", "2026-12-07T01:48:47.123456789Z")) {
            assertEquals(text, Instant.parse(text).toEpochMilli(), InstantText.toEpochMilli(text));
        }
        for (String text : List.of("", "2026-12-07", "2026-13-07T01:48:47Z", "2026-02-30T01:48:47Z",
                "2026-12-07T01:48:47.1234567890Z",
                "2026-12-07 01:48:47Z", "2026-12-07T01:48:47+01:00x", "2026-12-0xT01:48:47Z")) {
            assertThrows(text, DateTimeParseException.class, () -> InstantText.toEpochMilli(text));
        }
    }
}
