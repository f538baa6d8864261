package io.strata.agent.internal.methods;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code since} and {@code until} of IoT Edge's log filters: an RFC 3339 timestamp
 * ({@code 2026-12-07T05:30:00Z}), a UNIX timestamp in seconds ({@code 1796621400}), or a duration
 * back from now ({@code 10m}, {@code 1 d}, {@code 2 days 3 hours 2 minutes}).
 */
final class PointInTime {

    private static final Pattern UNIX_SECONDS = Pattern.compile("\\d{1,12}");
    private static final Pattern DURATION = Pattern.compile("\\s*(\\d{1,9})\\s*([a-z]+)\\s*");
    private static final Map<String, Duration> UNITS = Map.ofEntries(
            Map.entry("s", Duration.ofSeconds(1)), Map.entry("sec", Duration.ofSeconds(1)),
            Map.entry("second", Duration.ofSeconds(1)), Map.entry("seconds", Duration.ofSeconds(1)),
            Map.entry("m", Duration.ofMinutes(1)), Map.entry("min", Duration.ofMinutes(1)),
            Map.entry("minute", Duration.ofMinutes(1)), Map.entry("minutes", Duration.ofMinutes(1)),
            Map.entry("h", Duration.ofHours(1)), Map.entry("hour", Duration.ofHours(1)),
            Map.entry("hours", Duration.ofHours(1)),
            Map.entry("d", Duration.ofDays(1)), Map.entry("day", Duration.ofDays(1)),
            Map.entry("days", Duration.ofDays(1)));

    private PointInTime() {
    }

    /**
     * @param field names the value in the error, e.g. {@code items[0].filter.since}
     * @throws BadPayloadException naming the field when the text is none of the three forms
     */
    static Instant parse(String field, String text, Instant now) throws BadPayloadException {
        String trimmed = text.trim();
        if (UNIX_SECONDS.matcher(trimmed).matches()) {
            return Instant.ofEpochSecond(Long.parseLong(trimmed));
        }
        try {
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeParseException notATimestamp) {
            return now.minus(duration(field, trimmed.toLowerCase(Locale.ROOT)));
        }
    }

    private static Duration duration(String field, String text) throws BadPayloadException {
        Matcher part = DURATION.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.lookingAt()) {
            Duration unit = UNITS.get(part.group(2));
            if (unit == null) {
                break;
            }
            total = total.plus(unit.multipliedBy(Long.parseLong(part.group(1))));
            end = part.end();
            part.region(end, text.length());
        }
        if (end == 0 || end != text.length()) {
            throw new BadPayloadException(field + " '" + text + "' is no point in time: give an RFC 3339 timestamp "
                    + "(2026-12-07T05:30:00Z), UNIX seconds, or a duration back from now (90m, 1 d, 2 days 3 hours)");
        }
        return total;
    }
}
