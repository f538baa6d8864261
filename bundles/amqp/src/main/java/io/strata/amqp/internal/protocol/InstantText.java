package io.strata.amqp.internal.protocol;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the epoch millisecond of a message time as {@link Instant#toString()} writes it
 * ({@code 2026-12-07T01:48:47.313Z}), without the general ISO parser, which cost ~10 % of a forwarding
 * node's CPU when every message's enqueued time went through it. Any other form goes to that parser.
 */
final class InstantText {

    /** Where a digit ({@code 0}) or that very character must be. */
    private static final String SHAPE = "0000-00-00T00:00:00";
    private static final int FRACTION_START = 20; // after "yyyy-MM-ddTHH:mm:ss."

    private InstantText() {
    }

    /**
     * @throws java.time.format.DateTimeParseException when the text is no ISO-8601 instant
     */
    static long toEpochMilli(String text) {
        int length = text.length();
        if (length < 20 || !shaped(text, length)) {
            return Instant.parse(text).toEpochMilli();
        }
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (hour > 23 || minute > 59 || second > 59) {
            return Instant.parse(text).toEpochMilli();
        }
        long day;
        try {
            day = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10)).toEpochDay();
        } catch (DateTimeException e) {
            return Instant.parse(text).toEpochMilli(); // it throws the parse exception a caller expects
        }
        int millis = 0; // the first three digits of the fraction, missing ones as zeros
        for (int i = FRACTION_START; i < FRACTION_START + 3; i++) {
            millis = millis * 10 + (i < length - 1 ? text.charAt(i) - '0' : 0);
        }
        return ((day * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    /** {@code dddd-dd-ddTdd:dd:dd}, then {@code Z} or a fraction of 1 to 9 digits and {@code Z}. */
    private static boolean shaped(String text, int length) {
        for (int i = 0; i < SHAPE.length(); i++) {
            char expected = SHAPE.charAt(i);
            if (expected == '0' ? !digit(text.charAt(i)) : text.charAt(i) != expected) {
                return false;
            }
        }
        if (text.charAt(length - 1) != 'Z') {
            return false;
        }
        if (length == 20) {
            return true;
        }
        if (text.charAt(19) != '.' || length < 22 || length > 30) {
            return false;
        }
        for (int i = FRACTION_START; i < length - 1; i++) {
            if (!digit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + text.charAt(i) - '0';
        }
        return value;
    }
}
