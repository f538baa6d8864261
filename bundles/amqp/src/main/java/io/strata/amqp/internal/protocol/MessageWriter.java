package io.strata.amqp.internal.protocol;

import io.strata.api.message.Message;
import io.strata.api.message.SystemProperty;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;

/**
 * Writes the AMQP bytes of a {@link Message} as {@link MessageMapping} maps it, straight from the message:
 * without Proton's message objects and its per-thread codec (encoding through them was an eighth of a
 * forwarding node's CPU). Compounds use their 32-bit forms, strings and binaries the short ones when they fit.
 */
final class MessageWriter {

    private static final byte DESCRIBED = 0x00;
    private static final byte SMALL_ULONG = 0x53;
    private static final byte MESSAGE_ANNOTATIONS = 0x72;
    private static final byte PROPERTIES = 0x73;
    private static final byte APPLICATION_PROPERTIES = 0x74;
    private static final byte DATA = 0x75;
    private static final byte NULL = 0x40;
    private static final byte TIMESTAMP = (byte) 0x83;
    private static final byte VBIN8 = (byte) 0xa0;
    private static final byte VBIN32 = (byte) 0xb0;
    private static final byte STR8 = (byte) 0xa1;
    private static final byte STR32 = (byte) 0xb1;
    private static final byte SYM8 = (byte) 0xa3;
    private static final byte SYM32 = (byte) 0xb3;
    private static final byte LIST32 = (byte) 0xd0;
    private static final byte MAP32 = (byte) 0xd1;
    /** The properties section's fields up to creation-time, the last one a Message has. */
    private static final int PROPERTY_FIELDS = 10;

    private byte[] bytes;
    private int length;

    private MessageWriter(int expected) {
        bytes = new byte[expected];
    }

    static byte[] write(Message message) {
        return write(message, null);
    }

    /** @param identity for the annotation that names whom a message on a node link is for; null for none */
    static byte[] write(Message message, String identity) {
        Map<SystemProperty, String> system = message.systemProperties();
        MessageWriter writer = new MessageWriter(256 + message.bodySize());
        writer.annotations(system, identity);
        writer.properties(system);
        writer.applicationProperties(message.applicationProperties());
        writer.section(DATA);
        writer.binary(message.body());
        return Arrays.copyOf(writer.bytes, writer.length);
    }

    private void annotations(Map<SystemProperty, String> system, String identity) {
        String enqueued = system.get(SystemProperty.ENQUEUED_TIME);
        Object[] annotations = {
            AmqpNames.CONNECTION_DEVICE_ID, system.get(SystemProperty.CONNECTION_DEVICE_ID),
            AmqpNames.CONNECTION_MODULE_ID, system.get(SystemProperty.CONNECTION_MODULE_ID),
            AmqpNames.ENQUEUED_TIME, enqueued == null ? null : InstantText.toEpochMilli(enqueued),
            AmqpNames.OUTPUT_NAME, system.get(SystemProperty.OUTPUT_NAME),
            AmqpNames.INPUT_NAME, system.get(SystemProperty.INPUT_NAME),
            AmqpNames.IDENTITY, identity};
        int count = 0;
        for (int i = 1; i < annotations.length; i += 2) {
            count += annotations[i] == null ? 0 : 2;
        }
        if (count == 0) {
            return;
        }
        section(MESSAGE_ANNOTATIONS);
        int start = compound(MAP32, count);
        for (int i = 0; i < annotations.length; i += 2) {
            if (annotations[i + 1] instanceof Long millis) {
                symbol(((Symbol) annotations[i]).toString());
                timestamp(millis);
            } else if (annotations[i + 1] instanceof String text) {
                symbol(((Symbol) annotations[i]).toString());
                string(text);
            }
        }
        endCompound(start);
    }

    private void properties(Map<SystemProperty, String> system) {
        String[] fields = new String[PROPERTY_FIELDS];
        fields[0] = system.get(SystemProperty.MESSAGE_ID);
        fields[1] = system.get(SystemProperty.USER_ID);
        fields[2] = system.get(SystemProperty.TO);
        fields[5] = system.get(SystemProperty.CORRELATION_ID);
        fields[6] = system.get(SystemProperty.CONTENT_TYPE);
        fields[7] = system.get(SystemProperty.CONTENT_ENCODING);
        fields[8] = system.get(SystemProperty.EXPIRY);
        fields[9] = system.get(SystemProperty.CREATION_TIME);
        int count = PROPERTY_FIELDS;
        while (count > 0 && fields[count - 1] == null) {
            count--;
        }
        section(PROPERTIES);
        int start = compound(LIST32, count);
        for (int field = 0; field < count; field++) {
            String value = fields[field];
            if (value == null) {
                ensure(1);
                bytes[length++] = NULL;
            } else if (field == 1) {
                binary(value.getBytes(StandardCharsets.UTF_8));
            } else if (field == 6 || field == 7) {
                symbol(value);
            } else if (field == 8 || field == 9) {
                timestamp(InstantText.toEpochMilli(value));
            } else {
                string(value);
            }
        }
        endCompound(start);
    }

    private void applicationProperties(Map<String, String> properties) {
        if (properties.isEmpty()) {
            return;
        }
        section(APPLICATION_PROPERTIES);
        int start = compound(MAP32, properties.size() * 2);
        properties.forEach((name, value) -> {
            string(name);
            string(value);
        });
        endCompound(start);
    }

    private void section(byte code) {
        ensure(3);
        bytes[length++] = DESCRIBED;
        bytes[length++] = SMALL_ULONG;
        bytes[length++] = code;
    }

    /** Starts a list or map of {@code count} elements; returns where its size goes. */
    private int compound(byte constructor, int count) {
        ensure(9);
        bytes[length++] = constructor;
        int start = length;
        length += 4;
        putInt(count);
        return start;
    }

    /** The size of a compound counts the bytes after it: the count and the elements. */
    private void endCompound(int start) {
        int end = length;
        length = start;
        putInt(end - start - 4);
        length = end;
    }

    private void string(String value) {
        variable(value.getBytes(StandardCharsets.UTF_8), STR8, STR32);
    }

    private void symbol(String value) {
        variable(value.getBytes(StandardCharsets.US_ASCII), SYM8, SYM32);
    }

    private void binary(byte[] value) {
        variable(value, VBIN8, VBIN32);
    }

    private void variable(byte[] value, byte short8, byte long32) {
        ensure(5 + value.length);
        if (value.length <= 0xff) {
            bytes[length++] = short8;
            bytes[length++] = (byte) value.length;
        } else {
            bytes[length++] = long32;
            putInt(value.length);
        }
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
    }

    private void timestamp(long millis) {
        ensure(9);
        bytes[length++] = TIMESTAMP;
        putInt((int) (millis >>> 32));
        putInt((int) millis);
    }

    private void putInt(int value) {
        bytes[length++] = (byte) (value >>> 24);
        bytes[length++] = (byte) (value >>> 16);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
