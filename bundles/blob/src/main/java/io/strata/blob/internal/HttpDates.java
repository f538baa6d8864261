package io.strata.blob.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates as HTTP and the Blob service write them: {@code Mon, 07 Dec 2026 05:00:00 GMT}. */
final class HttpDates {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /** @throws java.time.format.DateTimeParseException when it is not an RFC 1123 date */
    static Instant parse(String text) {
        return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }
}
