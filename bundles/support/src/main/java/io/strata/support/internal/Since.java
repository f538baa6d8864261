package io.strata.support.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --since}: a while back from now ({@code 30m}, {@code 1h}, {@code 2d}, {@code 90s}) or an ISO-8601 instant. */
final class Since {

    private static final Pattern AGO = Pattern.compile("(\\d{1,9})([smhd])");
    private static final Map<String, Duration> UNITS = Map.of("s", Duration.ofSeconds(1), "m", Duration.ofMinutes(1),
            "h", Duration.ofHours(1), "d", Duration.ofDays(1));

    private Since() {
    }

    /** @throws IllegalArgumentException naming the value when it is neither */
    static Instant parse(String value, Clock clock) {
        Matcher ago = AGO.matcher(value.trim());
        if (ago.matches()) {
            return clock.instant().minus(UNITS.get(ago.group(2)).multipliedBy(Long.parseLong(ago.group(1))));
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since " + value + " is neither a while back (30m, 1h, 2d) nor a "
                    + "time (2026-12-07T05:00:00Z)");
        }
    }
}
