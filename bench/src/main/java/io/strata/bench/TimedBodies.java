package io.strata.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** JSON message bodies that carry the time they were sent, padded to a size. */
final class TimedBodies {

    private TimedBodies() {
    }

    /**
     * {"n":..,"sent":<nanoTime>,"at":<epoch microseconds>,"pad":"xxx"} of exactly {@code bytes} bytes (at
     * least the fields). {@code sent} times a receiver in this JVM; {@code at} one in another process on
     * this machine, such as a node's event log.
     */
    static byte[] body(int n, long sent, int bytes) {
        String head = "{\"n\":" + n + ",\"sent\":" + sent + ",\"at\":" + epochMicros(Instant.now()) + ",\"pad\":\"";
        return (head + "x".repeat(Math.max(0, bytes - head.length() - 2)) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code System.nanoTime()} a body was sent at. */
    static long sentAt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int start = text.indexOf("\"sent\":") + 7;
        return Long.parseLong(text.substring(start, text.indexOf(',', start)));
    }

    /** Microseconds since the epoch: what Instant.now() resolves on Linux, and what the event log's times keep. */
    static long epochMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
