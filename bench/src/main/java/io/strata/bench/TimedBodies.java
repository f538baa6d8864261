package io.strata.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * JSON message bodies that carry the time they were sent, padded to a size. Written and read as bytes, with no
 * string on the way: the in-process bench runs inside the node, whose garbage collector would otherwise carry
 * the bench's own garbage (a third of what the node allocated per message).
 */
final class TimedBodies {

    private static final byte[] N = ascii("{\"n\":");
    private static final byte[] SENT = ascii(",\"sent\":");
    private static final byte[] AT = ascii(",\"at\":");
    private static final byte[] PAD = ascii(",\"pad\":\"");
    private static final byte[] END = ascii("\"}");

    private TimedBodies() {
    }

    /**
     * {"n":..,"sent":<nanoTime>,"at":<epoch microseconds>,"pad":"xxx"} of exactly {@code bytes} bytes (at
     * least the fields). {@code sent} times a receiver in this JVM; {@code at} one in another process on
     * this machine, such as a node's event log.
     */
    static byte[] body(int n, long sent, int bytes) {
        long at = epochMicros(Instant.now());
        int head = N.length + digits(n) + SENT.length + digits(sent) + AT.length + digits(at) + PAD.length;
        byte[] body = new byte[Math.max(bytes, head + END.length)];
        int position = put(body, put(body, 0, N), n);
        position = put(body, put(body, position, SENT), sent);
        position = put(body, put(body, position, AT), at);
        position = put(body, position, PAD);
        Arrays.fill(body, position, body.length - END.length, (byte) 'x');
        put(body, body.length - END.length, END);
        return body;
    }

    /** The {@code System.nanoTime()} a body was sent at. */
    static long sentAt(byte[] body) {
        return sentAt(ByteBuffer.wrap(body));
    }

    /** The {@code System.nanoTime()} a body was sent at, read from its position on. */
    static long sentAt(ByteBuffer body) {
        int position = indexOf(body, SENT) + SENT.length;
        boolean negative = body.get(position) == '-';
        long value = 0;
        for (int index = negative ? position + 1 : position; body.get(index) != ','; index++) {
            value = value * 10 + (body.get(index) - '0');
        }
        return negative ? -value : value;
    }

    /** Microseconds since the epoch: what Instant.now() resolves on Linux, and what the event log's times keep. */
    static long epochMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The characters of the value in decimal, its sign included. */
    private static int digits(long value) {
        int count = value < 0 ? 2 : 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            count++;
        }
        return count;
    }

    private static int put(byte[] to, int position, long value) {
        int end = position + digits(value);
        long rest = value;
        for (int index = end - 1; rest != 0 || index == end - 1; index--) {
            to[index] = (byte) ('0' + Math.abs(rest % 10));
            rest /= 10;
        }
        if (value < 0) {
            to[position] = '-';
        }
        return end;
    }

    private static int put(byte[] to, int position, byte[] bytes) {
        System.arraycopy(bytes, 0, to, position, bytes.length);
        return position + bytes.length;
    }

    private static int indexOf(ByteBuffer body, byte[] part) {
        for (int start = body.position(); start <= body.limit() - part.length; start++) {
            if (matchesAt(body, start, part)) {
                return start;
            }
        }
        throw new IllegalArgumentException("not a timed body: no " + new String(part, StandardCharsets.US_ASCII));
    }

    private static boolean matchesAt(ByteBuffer body, int start, byte[] part) {
        for (int index = 0; index < part.length; index++) {
            if (body.get(start + index) != part[index]) {
                return false;
            }
        }
        return true;
    }
}
