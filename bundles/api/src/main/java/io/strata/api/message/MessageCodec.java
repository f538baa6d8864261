package io.strata.api.message;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
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

    /** In the order of a message's {@link Message#systemProperties()}, without an entry object per property. */
    private static final SystemProperty[] PROPERTIES = SystemProperty.values();
    /** The system properties by their query name as {@link #encode} writes it, looked up per stored property. */
    private static final Map<String, SystemProperty> BY_STORED_NAME = new HashMap<>();
    /** The query names in UTF-8, written per stored property. */
    private static final Map<SystemProperty, byte[]> STORED_NAMES = new EnumMap<>(SystemProperty.class);

    static {
        for (SystemProperty property : SystemProperty.values()) {
            BY_STORED_NAME.put(property.queryName(), property);
            STORED_NAMES.put(property, property.queryName().getBytes(StandardCharsets.UTF_8));
        }
    }

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
        for (SystemProperty property : PROPERTIES) {
            String value = message.systemPropertyOrNull(property);
            if (value != null) {
                size += 2 * Integer.BYTES + STORED_NAMES.get(property).length + utf8Length(value);
            }
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
        for (SystemProperty property : PROPERTIES) {
            String value = message.systemPropertyOrNull(property);
            if (value != null) {
                byte[] name = STORED_NAMES.get(property);
                putString(out.putInt(name.length).put(name), value);
            }
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
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
            byte[] body = new byte[length(in)];
            Message.Builder message = Message.builder().takeBody(body);
            in.get(body);
            for (int count = Byte.toUnsignedInt(in.get()); count > 0; count--) {
                String name = readString(in);
                SystemProperty property = BY_STORED_NAME.get(name);
                if (property == null) {
                    property = SystemProperty.byQueryName(name)
                            .orElseThrow(() -> new IllegalStateException("Stored message has unknown system property " + name));
                }
                message.systemProperty(property, readString(in));
            }
            for (int count = in.getInt(); count > 0; count--) {
                message.applicationProperty(readString(in), readString(in));
            }
            return message.build();
        } catch (BufferUnderflowException e) {
            throw new IllegalStateException("Stored message is truncated", e);
        }
    }

    /** Writes the length and the UTF-8 bytes; ASCII, the usual case, straight into the buffer. */
    private static void putString(ByteBuffer out, String value) {
        int length = value.length();
        for (int index = 0; index < length; index++) {
            if (value.charAt(index) >= 0x80) {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                out.putInt(bytes.length).put(bytes);
                return;
            }
        }
        out.putInt(length);
        for (int index = 0; index < length; index++) {
            out.put((byte) value.charAt(index));
        }
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

    /** Reads a length that the rest of the buffer must hold. */
    private static int length(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        return length;
    }

    private static String readString(ByteBuffer in) {
        int length = length(in);
        String value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }
}
