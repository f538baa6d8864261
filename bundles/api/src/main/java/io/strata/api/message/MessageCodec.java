package io.strata.api.message;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The bytes of a message as Strata's stores keep it:
 * <pre>
 * int     body length, then the body
 * byte    number of system properties, then each as (query name, value)
 * int     number of application properties, then each as (name, value)
 * </pre>
 * Strings are an int length and UTF-8 bytes. System properties go by their query name, not the
 * enum's order, so stored files outlive a reordered {@link SystemProperty}.
 */
public final class MessageCodec {

    private MessageCodec() {
    }

    public static byte[] encode(Message message) {
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

    /**
     * Reads a message from {@code length} bytes of {@code bytes} at {@code offset}.
     *
     * @throws IllegalStateException when they are truncated or name an unknown system property
     */
    public static Message decode(byte[] bytes, int offset, int length) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, offset, length))) {
            Message.Builder message = Message.builder().body(readBytes(in));
            for (int count = in.readUnsignedByte(); count > 0; count--) {
                String name = readString(in);
                SystemProperty property = SystemProperty.byQueryName(name)
                        .orElseThrow(() -> new IllegalStateException("Stored message has unknown system property " + name));
                message.systemProperty(property, readString(in));
            }
            for (int count = in.readInt(); count > 0; count--) {
                message.applicationProperty(readString(in), readString(in));
            }
            return message.build();
        } catch (IOException e) {
            throw new IllegalStateException("Stored message is truncated", e);
        }
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
