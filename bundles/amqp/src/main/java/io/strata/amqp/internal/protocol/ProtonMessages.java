package io.strata.amqp.internal.protocol;

import java.nio.BufferOverflowException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.message.Message;

/** Encoding, decoding and reading parts of proton messages, shared by every link. */
public final class ProtonMessages {

    private ProtonMessages() {
    }

    /** The message as bytes for a delivery. */
    public static byte[] encode(Message message) {
        int size = 1024 + bodySize(message.getBody());
        while (true) {
            byte[] buffer = new byte[size];
            try {
                int length = message.encode(buffer, 0, buffer.length);
                return java.util.Arrays.copyOf(buffer, length);
            } catch (BufferOverflowException e) {
                size *= 2;
            }
        }
    }

    /**
     * The message a delivery carried.
     *
     * @throws IllegalArgumentException when the bytes are no AMQP message
     */
    public static Message decode(byte[] bytes) {
        Message message = Message.Factory.create();
        try {
            message.decode(bytes, 0, bytes.length);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The message is not valid AMQP: " + e.getMessage());
        }
        return message;
    }

    /** A message with the body as one Data section. */
    public static Message withData(byte[] body) {
        Message message = Message.Factory.create();
        message.setBody(new Data(new Binary(body)));
        return message;
    }

    /** A message with a string AmqpValue body, as CBS and the node links use. */
    public static Message withValue(String body) {
        Message message = Message.Factory.create();
        message.setBody(new AmqpValue(body));
        return message;
    }

    /**
     * The body's bytes: a Data section as is, a string or binary AmqpValue as UTF-8 or as is; empty
     * for no body.
     *
     * @throws IllegalArgumentException for any other body
     */
    public static byte[] bodyBytes(Message message) {
        Section body = message.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof Data data) {
            Binary binary = data.getValue();
            return binary == null ? new byte[0] : binary.getArray().length == binary.getLength() && binary.getArrayOffset() == 0
                    ? binary.getArray() : java.util.Arrays.copyOfRange(binary.getArray(), binary.getArrayOffset(),
                            binary.getArrayOffset() + binary.getLength());
        }
        if (body instanceof AmqpValue value) {
            if (value.getValue() instanceof String text) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
            if (value.getValue() instanceof Binary binary) {
                return java.util.Arrays.copyOfRange(binary.getArray(), binary.getArrayOffset(),
                        binary.getArrayOffset() + binary.getLength());
            }
            if (value.getValue() == null) {
                return new byte[0];
            }
        }
        throw new IllegalArgumentException("The message body must be one Data section or a string AmqpValue, not "
                + body.getType());
    }

    /** The body as UTF-8 text. */
    public static String bodyText(Message message) {
        return new String(bodyBytes(message), StandardCharsets.UTF_8);
    }

    /** One message annotation; null when absent. */
    public static Object annotation(Message message, Symbol name) {
        MessageAnnotations annotations = message.getMessageAnnotations();
        return annotations == null || annotations.getValue() == null ? null : annotations.getValue().get(name);
    }

    /** Sets one message annotation (null: leaves it out). */
    public static void annotate(Message message, Symbol name, Object value) {
        if (value == null) {
            return;
        }
        MessageAnnotations annotations = message.getMessageAnnotations();
        if (annotations == null || annotations.getValue() == null) {
            annotations = new MessageAnnotations(new HashMap<>());
            message.setMessageAnnotations(annotations);
        }
        annotations.getValue().put(name, value);
    }

    /** One application property; null when absent. */
    public static Object property(Message message, String name) {
        ApplicationProperties properties = message.getApplicationProperties();
        return properties == null || properties.getValue() == null ? null : properties.getValue().get(name);
    }

    /** Sets one application property (null: leaves it out). */
    @SuppressWarnings("unchecked")
    public static void setProperty(Message message, String name, Object value) {
        if (value == null) {
            return;
        }
        ApplicationProperties properties = message.getApplicationProperties();
        if (properties == null || properties.getValue() == null) {
            properties = new ApplicationProperties(new HashMap<>());
            message.setApplicationProperties(properties);
        }
        ((Map<String, Object>) properties.getValue()).put(name, value);
    }

    /** An id (message or correlation id: string, UUID, ulong or binary) as text; null when absent. */
    public static String idText(Object id) {
        if (id == null) {
            return null;
        }
        if (id instanceof Binary binary) {
            return new String(binary.getArray(), binary.getArrayOffset(), binary.getLength(), StandardCharsets.UTF_8);
        }
        return id.toString();
    }

    /** An annotation or property that holds a number, as a long; null when absent or not a number. */
    public static Long number(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof org.apache.qpid.proton.amqp.UnsignedLong unsigned) {
            return unsigned.longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static int bodySize(Section body) {
        if (body instanceof Data data && data.getValue() != null) {
            return data.getValue().getLength();
        }
        if (body instanceof AmqpValue value && value.getValue() instanceof String text) {
            return text.length() * 3;
        }
        return 0;
    }
}
