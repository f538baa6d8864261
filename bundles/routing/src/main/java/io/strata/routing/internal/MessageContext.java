package io.strata.routing.internal;

import io.strata.api.message.Message;
import io.strata.api.message.SystemProperty;
import java.util.Map;
import java.util.Optional;

/** The message a condition is evaluated against; the JSON body is read once, on first use. */
final class MessageContext {
    private final Message message;
    private JsonBody body;

    MessageContext(Message message) {
        this.message = message;
    }

    Optional<String> systemProperty(SystemProperty property) {
        return message.systemProperty(property);
    }

    /** IoT Hub treats property names without regard to case; an exact match is preferred. */
    Optional<String> applicationProperty(String name) {
        Map<String, String> properties = message.applicationProperties();
        String exact = properties.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        return properties.entrySet().stream()
                .filter(property -> property.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    JsonBody body() {
        if (body == null) {
            body = JsonBody.of(message);
        }
        return body;
    }
}
