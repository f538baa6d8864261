package io.strata.routing.internal.lang;

import io.strata.api.message.Message;
import io.strata.api.message.SystemProperty;
import io.strata.api.routing.MessageSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The message a condition is evaluated against; the JSON body is read once, on first use. Besides
 * the message itself it may carry what a {@link Message} cannot hold but a route can be asked about:
 * application properties whose value is null, and system properties beyond IoT Hub's own.
 */
public final class MessageContext {
    private final Message message;
    /** The message's application properties and the null-valued ones; values may be null. */
    private final Map<String, String> applicationProperties;
    /** System properties that {@link SystemProperty} does not name, by name without {@code $}; values may be null. */
    private final Map<String, String> otherSystemProperties;
    private JsonBody body;
    private MessageSource pathSource;
    private List<String> path;

    private MessageContext(Message message, Map<String, String> applicationProperties,
            Map<String, String> otherSystemProperties) {
        this.message = message;
        this.applicationProperties = applicationProperties;
        this.otherSystemProperties = otherSystemProperties;
    }

    public static MessageContext of(Message message) {
        return new MessageContext(message, message.applicationProperties(), Map.of());
    }

    /**
     * @param applicationProperties every application property, null values included (the message's own are ignored)
     * @param otherSystemProperties system properties that {@link SystemProperty} does not name, by name without
     *                              {@code $}, null values included
     */
    public static MessageContext of(Message message, Map<String, String> applicationProperties,
            Map<String, String> otherSystemProperties) {
        return new MessageContext(message, applicationProperties, otherSystemProperties);
    }

    public Message message() {
        return message;
    }

    /** One of IoT Hub's system properties. */
    Optional<Value> systemProperty(SystemProperty known) {
        String value = message.systemProperties().get(known);
        return value == null ? Optional.empty() : Optional.of(Value.of(value));
    }

    /** A system property that {@link SystemProperty} does not name, by its name without {@code $}; ignores case. */
    Optional<Value> otherSystemProperty(String queryName) {
        return lookUp(otherSystemProperties, queryName);
    }

    /** A string or null; IoT Hub treats property names without regard to case, an exact match is preferred. */
    Optional<Value> applicationProperty(String name) {
        return lookUp(applicationProperties, name);
    }

    private static Optional<Value> lookUp(Map<String, String> properties, String name) {
        if (properties.isEmpty()) {
            return Optional.empty();
        }
        if (properties.containsKey(name)) {
            return Optional.of(valueOf(properties.get(name)));
        }
        // A loop, not a stream: every message of a route with a condition comes here, mostly for nothing.
        for (Map.Entry<String, String> property : properties.entrySet()) {
            if (property.getKey().equalsIgnoreCase(name)) {
                return Optional.of(valueOf(property.getValue()));
            }
        }
        return Optional.empty();
    }

    private static Value valueOf(String property) {
        return property == null ? Value.NULL : Value.of(property);
    }

    /** The message's path as route sources name it, worked out once for all the routes a message meets. */
    List<String> path(MessageSource source) {
        if (path == null || pathSource != source) {
            path = RouteSource.pathOf(source, message);
            pathSource = source;
        }
        return path;
    }

    JsonBody body() {
        if (body == null) {
            body = JsonBody.of(message);
        }
        return body;
    }
}
