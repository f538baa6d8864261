package io.strata.api.message;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
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
        byte[] bytes = new byte[encodedSize(message)];
        encode(message, ByteBuffer.wrap(bytes));
        return bytes;
    }

    /** How many bytes {@link #encode(Message, ByteBuffer)} writes for the message. */
    public static int encodedSize(Message message) {
        int size = Integer.BYTES + message.bodySize() + 1 + Integer.BYTES;
        for (Map.Entry<SystemProperty, String> property : message.systemProperties().entrySet()) {
            size += 2 * Integer.BYTES + utf8Length(property.getKey().queryName()) + utf8Length(property.getValue());
        }
        for (Map.Entry<String, String> property : message.applicationProperties().entrySet()) {
            size += 2 * Integer.BYTES + utf8Length(property.getKey()) + utf8Length(property.getValue());
        }
        return size;
    }

    /**
     * Writes the message at the buffer's position, the same bytes as {@link #encode(Message)} returns, so a store
     * puts it straight into its record; {@link #encodedSize} bytes must remain.
     *
     * @return the buffer, its position after the message
     */
    public static ByteBuffer encode(Message message, ByteBuffer out) {
        message.putBody(out.putInt(message.bodySize()));
        out.put((byte) message.systemProperties().size());
        for (Map.Entry<SystemProperty, String> property : message.systemProperties().entrySet()) {
            putString(out, property.getKey().queryName());
            putString(out, property.getValue());
        }
        out.putInt(message.applicationProperties().size());
        for (Map.Entry<String, String> property : message.applicationProperties().entrySet()) {
            putString(out, property.getKey());
            putString(out, property.getValue());
        }
        return out;
    }

    /**
     * Reads a message from {@code length} bytes of {@code bytes} at {@code offset}.
     *
     * @throws IllegalStateException when they are truncated or name an unknown system property
     */
    public static Message decode(byte[] bytes, int offset, int length) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, offset, length))) {
            Message.Builder message = Message.builder().takeBody(readBytes(in));
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

    private static void putString(ByteBuffer out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.putInt(bytes.length).put(bytes);
    }

    /** The length of the string in UTF-8, without encoding it (an unpaired surrogate counts as the '?' it becomes). */
    private static int utf8Length(String value) {
        int length = value.length();
        for (int index = 0; index < value.length(); index++) {
            char c = value.charAt(index);
            if (c >= 0x800) {
                if (Character.isHighSurrogate(c) && index + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(index + 1))) {
                    length += 2; // four bytes for the pair's two chars
                    index++;
                } else if (!Character.isSurrogate(c)) {
                    length += 2;
                }
            } else if (c >= 0x80) {
                length++;
            }
        }
        return length;
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
