package io.strata.api.message;

import java.util.Optional;

/**
 * The system properties a message may carry, named as IoT Hub names them in routing queries
 * ({@code $contentType}, {@code $connectionDeviceId}, ...).
 */
public enum SystemProperty {
    MESSAGE_ID("messageId"),
    CORRELATION_ID("correlationId"),
    TO("to"),
    USER_ID("userId"),
    CONTENT_TYPE("contentType"),
    CONTENT_ENCODING("contentEncoding"),
    CONNECTION_DEVICE_ID("connectionDeviceId"),
    CONNECTION_MODULE_ID("connectionModuleId"),
    OUTPUT_NAME("outputName"),
    INPUT_NAME("inputName"),
    ENQUEUED_TIME("enqueuedTime"),
    CREATION_TIME("creationTime"),
    EXPIRY("expiryTimeUtc");

    private final String queryName;

    SystemProperty(String queryName) {
        this.queryName = queryName;
    }

    /** The name routing queries use after the {@code $} sign. */
    public String queryName() {
        return queryName;
    }

    /** Looks a property up by its query name, ignoring case as IoT Hub does. */
    public static Optional<SystemProperty> byQueryName(String name) {
        for (SystemProperty property : values()) {
            if (property.queryName.equalsIgnoreCase(name)) {
                return Optional.of(property);
            }
        }
        return Optional.empty();
    }
}
