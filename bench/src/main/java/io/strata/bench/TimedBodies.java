package io.strata.bench;

import java.nio.charset.StandardCharsets;

/** JSON message bodies that carry the time they were sent, padded to a size. */
final class TimedBodies {

    private TimedBodies() {
    }

    /** {"n":..,"sent":<nanoTime>,"pad":"xxx"} of exactly {@code bytes} bytes (at least the fields). */
    static byte[] body(int n, long sent, int bytes) {
        String head = "{\"n\":" + n + ",\"sent\":" + sent + ",\"pad\":\"";
        return (head + "x".repeat(Math.max(0, bytes - head.length() - 2)) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code System.nanoTime()} a body was sent at. */
    static long sentAt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int start = text.indexOf("\"sent\":") + 7;
        return Long.parseLong(text.substring(start, text.indexOf(',', start)));
    }
}
