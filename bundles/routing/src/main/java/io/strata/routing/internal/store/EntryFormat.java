package io.strata.routing.internal.store;

import io.strata.api.message.Message;
import io.strata.api.message.SystemProperty;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The bytes of one queue entry. Version 1:
 * <pre>
 * byte    format version (1)
 * long    enqueued, epoch milliseconds
 * long    expiry, epoch milliseconds
 * int     body length, then the body
 * byte    number of system properties, then each as (query name, value)
 * int     number of application properties, then each as (name, value)
 * </pre>
 * Strings are an int length and UTF-8 bytes. System properties go by their query name, not the enum's order, so the
 * file outlives a reordered {@link SystemProperty}. The times sit at fixed offsets: expiry checks and ages read
 * them without decoding the message.
 */
final class EntryFormat {
    static final byte VERSION = 1;
    private static final int ENQUEUED_OFFSET = 1;
    private static final int EXPIRY_OFFSET = ENQUEUED_OFFSET + Long.BYTES;
    private static final int MESSAGE_OFFSET = EXPIRY_OFFSET + Long.BYTES;

    private EntryFormat() {
    }

    /** Encodes the message alone, once per append; {@link #entry} adds each destination's times. */
    static byte[] encode(Message message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + message.bodySize());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(message.bodySize());
            out.write(message.body());
            out.writeByte(message.systemProperties().size());
            for (Map.Entry<SystemProperty, String> property : message.systemProperties().entrySet()) {
                writeString(out, property.getKey().queryName());
                writeString(out, property.getValue());
            }
            out.writeInt(message.applicationProperties().size());
            for (Map.Entry<String, String> property : message.applicationProperties().entrySet()) {
                writeString(out, property.getKey());
                writeString(out, property.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    static byte[] entry(byte[] encodedMessage, Instant enqueued, Instant expiry) {
        return ByteBuffer.allocate(MESSAGE_OFFSET + encodedMessage.length)
                .put(VERSION)
                .putLong(enqueued.toEpochMilli())
                .putLong(expiry.toEpochMilli())
                .put(encodedMessage)
                .array();
    }

    static Instant enqueued(byte[] entry) {
        return Instant.ofEpochMilli(checked(entry).getLong(ENQUEUED_OFFSET));
    }

    static Instant expiry(byte[] entry) {
        return Instant.ofEpochMilli(checked(entry).getLong(EXPIRY_OFFSET));
    }

    static Message message(byte[] entry) {
        checked(entry);
        try (DataInputStream in = new DataInputStream(
                new ByteArrayInputStream(entry, MESSAGE_OFFSET, entry.length - MESSAGE_OFFSET))) {
            Message.Builder message = Message.builder().body(readBytes(in));
            for (int count = in.readUnsignedByte(); count > 0; count--) {
                String name = readString(in);
                SystemProperty property = SystemProperty.byQueryName(name)
                        .orElseThrow(() -> new IllegalStateException("Stored entry has unknown system property " + name));
                message.systemProperty(property, readString(in));
            }
            for (int count = in.readInt(); count > 0; count--) {
                message.applicationProperty(readString(in), readString(in));
            }
            return message.build();
        } catch (IOException e) {
            throw new IllegalStateException("Stored entry is truncated", e);
        }
    }

    private static ByteBuffer checked(byte[] entry) {
        if (entry.length < MESSAGE_OFFSET || entry[0] != VERSION) {
            throw new IllegalStateException("Stored entry has unknown format version " + (entry.length == 0 ? "(empty)" : entry[0]));
        }
        return ByteBuffer.wrap(entry);
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }
}
