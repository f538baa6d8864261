package io.strata.amqp.internal.protocol;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Properties;

/**
 * The one mapping between Strata's {@link Message} and an AMQP message, used by the listener and
 * the upstream link alike: properties section, application properties (as strings), the IoT Hub
 * message annotations, and the body as one Data section.
 */
public final class MessageMapping {

    /** The format name of AMQP bytes a {@link Message} keeps ({@link Message#received}). */
    public static final String FORMAT = "amqp";

    private MessageMapping() {
    }

    /**
     * The AMQP bytes of {@code message}: those it arrived as when it kept them (they say what it holds,
     * maybe in other words: the receiver maps both alike), else written from it ({@link MessageWriter}):
     * the properties section, application properties (as strings), the IoT Hub message annotations, and
     * the body as one Data section.
     */
    public static byte[] encode(Message message) {
        byte[] received = message.received(FORMAT);
        return received != null ? received : MessageWriter.write(message);
    }

    /**
     * The AMQP bytes of {@code message} on a node link to a child node, annotated with the identity below
     * it that the message is for.
     */
    public static byte[] encodeFor(Message message, IdentityId identity) {
        return MessageWriter.write(message, identity.toString());
    }

    /**
     * A builder of the message an AMQP message carries, every mapped field taken as sent: callers stamp
     * or drop what they must not trust before they build it (once: a forwarding node handles every
     * message of its subtree here).
     *
     * @throws IllegalArgumentException when the body is neither Data nor a string AmqpValue
     */
    public static Message.Builder fromProton(org.apache.qpid.proton.message.Message proton) {
        Message.Builder message = Message.builder().takeBody(ProtonMessages.bodyBytes(proton));
        Properties properties = proton.getProperties();
        if (properties != null) {
            message.messageId(ProtonMessages.idText(properties.getMessageId()));
            message.correlationId(ProtonMessages.idText(properties.getCorrelationId()));
            message.to(properties.getTo());
            Binary userId = properties.getUserId();
            message.userId(userId == null ? null
                    : new String(userId.getArray(), userId.getArrayOffset(), userId.getLength(), StandardCharsets.UTF_8));
            message.contentType(text(properties.getContentType()));
            message.contentEncoding(text(properties.getContentEncoding()));
            message.creationTime(instant(properties.getCreationTime()));
            message.expiry(instant(properties.getAbsoluteExpiryTime()));
        }
        String outputName = text(ProtonMessages.annotation(proton, AmqpNames.OUTPUT_NAME));
        if (proton.getApplicationProperties() != null && proton.getApplicationProperties().getValue() != null) {
            for (Map.Entry<?, ?> property : ((Map<?, ?>) proton.getApplicationProperties().getValue()).entrySet()) {
                if (property.getKey() == null || property.getValue() == null) {
                    continue;
                }
                String name = property.getKey().toString();
                if (name.equals(AmqpNames.OUTPUT_NAME_PROPERTY)) {
                    outputName = outputName == null ? property.getValue().toString() : outputName;
                } else {
                    message.applicationProperty(name, property.getValue().toString());
                }
            }
        }
        message.connectionDeviceId(text(ProtonMessages.annotation(proton, AmqpNames.CONNECTION_DEVICE_ID)));
        message.connectionModuleId(text(ProtonMessages.annotation(proton, AmqpNames.CONNECTION_MODULE_ID)));
        message.enqueuedTime(instant(ProtonMessages.annotation(proton, AmqpNames.ENQUEUED_TIME)));
        message.outputName(outputName);
        message.inputName(text(ProtonMessages.annotation(proton, AmqpNames.INPUT_NAME)));
        return message;
    }

    /** Whether {@link #fromProton} finds an enqueued time in the message (without formatting it). */
    public static boolean hasEnqueuedTime(org.apache.qpid.proton.message.Message proton) {
        return instant(ProtonMessages.annotation(proton, AmqpNames.ENQUEUED_TIME)) != null;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Instant instant(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        Long millis = ProtonMessages.number(value);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
