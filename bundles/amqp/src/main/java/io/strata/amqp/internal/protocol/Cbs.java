package io.strata.amqp.internal.protocol;

import java.util.Locale;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.message.Message;

/**
 * Claims-based security as IoT Hub speaks it on the {@code $cbs} node: a put-token request names a
 * resource and carries a SAS token; the answer, correlated by the request's message id, carries a
 * status code and description.
 */
public final class Cbs {

    public static final int OK = 200;
    public static final int BAD_REQUEST = 400;
    public static final int UNAUTHORIZED = 401;

    /** A put-token request: {@code name} is {@code {hostname}/devices/{d}[/modules/{m}]}. */
    public record PutToken(Object messageId, String name, String token) {
    }

    /** The answer to a request. */
    public record Response(Object correlationId, int status, String description) {

        public boolean isOk() {
            return status == OK;
        }
    }

    private Cbs() {
    }

    /** The request a client sends on its {@code $cbs} sender. */
    public static Message putTokenRequest(Object messageId, String name, String token) {
        Message message = ProtonMessages.withValue(token);
        Properties properties = new Properties();
        properties.setMessageId(messageId);
        properties.setReplyTo(AmqpNames.CBS_ADDRESS);
        properties.setTo(AmqpNames.CBS_ADDRESS);
        message.setProperties(properties);
        ProtonMessages.setProperty(message, AmqpNames.CBS_OPERATION, AmqpNames.CBS_PUT_TOKEN);
        ProtonMessages.setProperty(message, AmqpNames.CBS_TYPE, AmqpNames.CBS_TOKEN_TYPE);
        ProtonMessages.setProperty(message, AmqpNames.CBS_NAME, name);
        return message;
    }

    /**
     * Reads a put-token request.
     *
     * @throws IllegalArgumentException saying which part is missing or unsupported
     */
    public static PutToken parseRequest(Message request) {
        Object messageId = request.getProperties() == null ? null : request.getProperties().getMessageId();
        Object operation = ProtonMessages.property(request, AmqpNames.CBS_OPERATION);
        if (!AmqpNames.CBS_PUT_TOKEN.equals(operation)) {
            throw new IllegalArgumentException("Unsupported CBS operation '" + operation + "': only put-token");
        }
        Object type = ProtonMessages.property(request, AmqpNames.CBS_TYPE);
        String typeText = type == null ? "" : type.toString().toLowerCase(Locale.ROOT);
        if (!typeText.equals(AmqpNames.CBS_TOKEN_TYPE) && !typeText.equals(AmqpNames.CBS_TOKEN_TYPE_IOT)) {
            throw new IllegalArgumentException("Unsupported CBS token type '" + type + "': use "
                    + AmqpNames.CBS_TOKEN_TYPE);
        }
        Object name = ProtonMessages.property(request, AmqpNames.CBS_NAME);
        if (name == null || name.toString().isBlank()) {
            throw new IllegalArgumentException("The CBS request names no resource ('name')");
        }
        String token = ProtonMessages.bodyText(request);
        if (token.isBlank()) {
            throw new IllegalArgumentException("The CBS request carries no token");
        }
        return new PutToken(messageId, name.toString(), token);
    }

    /** The answer the server sends on the client's {@code $cbs} receiver. */
    public static Message response(Object correlationId, int status, String description) {
        Message message = ProtonMessages.withValue(null);
        message.setBody(null);
        Properties properties = new Properties();
        properties.setCorrelationId(correlationId);
        properties.setTo(AmqpNames.CBS_ADDRESS);
        message.setProperties(properties);
        ProtonMessages.setProperty(message, AmqpNames.CBS_STATUS_CODE, status);
        ProtonMessages.setProperty(message, AmqpNames.CBS_STATUS_DESCRIPTION, description);
        return message;
    }

    /** Reads an answer; a missing status reads as 500. */
    public static Response parseResponse(Message response) {
        Object correlationId = response.getProperties() == null ? null : response.getProperties().getCorrelationId();
        Long status = ProtonMessages.number(ProtonMessages.property(response, AmqpNames.CBS_STATUS_CODE));
        Object description = ProtonMessages.property(response, AmqpNames.CBS_STATUS_DESCRIPTION);
        return new Response(correlationId, status == null ? 500 : status.intValue(),
                description == null ? "" : description.toString());
    }
}
