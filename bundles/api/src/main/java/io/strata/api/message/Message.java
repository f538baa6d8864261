package io.strata.api.message;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable message: body bytes, system properties set by the sender or by the edge hub,
 * and application properties chosen by the sender. Times are ISO-8601 instants.
 */
public final class Message {
    private final byte[] body;
    /** The system properties; {@link #systemProperties} is its read-only view. */
    private final EnumMap<SystemProperty, String> systemPropertyValues;
    private final Map<SystemProperty, String> systemProperties;
    private final Map<String, String> applicationProperties;
    private final String receivedFormat;
    private final byte[] received;

    private Message(Builder builder) {
        // The builder's body is its own copy that nothing writes to, so messages built from it share it.
        this.body = builder.body;
        // The builder's own maps become the message's: the builder shares them from now on, as a builder from a
        // message does, and copies them before it changes them.
        if (builder.systemPropertiesOf != null) {
            this.systemPropertyValues = builder.systemPropertiesOf.systemPropertyValues;
            this.systemProperties = builder.systemPropertiesOf.systemProperties;
        } else {
            this.systemPropertyValues = builder.systemProperties != null ? builder.systemProperties
                    : new EnumMap<>(SystemProperty.class);
            this.systemProperties = Collections.unmodifiableMap(systemPropertyValues);
        }
        // Most messages have no application properties: they share one empty map rather than make two each.
        this.applicationProperties = builder.applicationPropertiesOf != null ? builder.applicationPropertiesOf
                : builder.applicationProperties != null ? Collections.unmodifiableMap(builder.applicationProperties)
                : Collections.emptyMap();
        this.receivedFormat = builder.receivedFormat;
        this.received = builder.received;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this message, for the edge hub to stamp or rewrite properties (not its {@link #received}). */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.body = body;
        builder.systemPropertiesOf = this;
        builder.applicationPropertiesOf = applicationProperties;
        return builder;
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body as a read-only buffer over the message's own bytes: a receiver that only reads it spares the copy
     * {@link #body()} makes.
     *
     * @since 1.3.0
     */
    public ByteBuffer bodyBuffer() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    public int bodySize() {
        return body.length;
    }

    /** Puts the body at the buffer's position without a copy of it first (for {@link MessageCodec}). */
    void putBody(ByteBuffer out) {
        out.put(body);
    }

    /**
     * The bytes this message arrived as, when they are in {@code format} and the protocol adapter that took
     * them kept them because they say exactly what this message holds: a link of the same protocol forwards
     * them instead of encoding the message again. Null otherwise; never stored, and not part of
     * {@link #equals}. The caller must not write to the array.
     *
     * @param format the protocol's name, as the adapter that kept the bytes names it (e.g. "amqp")
     * @since 1.2.0
     */
    public byte[] received(String format) {
        return format.equals(receivedFormat) ? received : null;
    }

    public Optional<String> systemProperty(SystemProperty property) {
        return Optional.ofNullable(systemPropertyValues.get(property));
    }

    /** The property's value or null, without an {@link Optional} (for {@link MessageCodec}). */
    String systemPropertyOrNull(SystemProperty property) {
        return systemPropertyValues.get(property);
    }

    public Map<SystemProperty, String> systemProperties() {
        return systemProperties;
    }

    public Map<String, String> applicationProperties() {
        return applicationProperties;
    }

    public Optional<String> messageId() {
        return systemProperty(SystemProperty.MESSAGE_ID);
    }

    public Optional<String> correlationId() {
        return systemProperty(SystemProperty.CORRELATION_ID);
    }

    public Optional<String> contentType() {
        return systemProperty(SystemProperty.CONTENT_TYPE);
    }

    public Optional<String> contentEncoding() {
        return systemProperty(SystemProperty.CONTENT_ENCODING);
    }

    public Optional<String> connectionDeviceId() {
        return systemProperty(SystemProperty.CONNECTION_DEVICE_ID);
    }

    public Optional<String> connectionModuleId() {
        return systemProperty(SystemProperty.CONNECTION_MODULE_ID);
    }

    public Optional<String> outputName() {
        return systemProperty(SystemProperty.OUTPUT_NAME);
    }

    public Optional<String> inputName() {
        return systemProperty(SystemProperty.INPUT_NAME);
    }

    public Optional<Instant> enqueuedTime() {
        return systemProperty(SystemProperty.ENQUEUED_TIME).map(Instant::parse);
    }

    public Optional<Instant> creationTime() {
        return systemProperty(SystemProperty.CREATION_TIME).map(Instant::parse);
    }

    public Optional<Instant> expiry() {
        return systemProperty(SystemProperty.EXPIRY).map(Instant::parse);
    }

    /** Whether the message carries an expiry that lies before {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return expiry().map(now::isAfter).orElse(false);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Message)) {
            return false;
        }
        Message that = (Message) other;
        return Arrays.equals(body, that.body)
                && systemProperties.equals(that.systemProperties)
                && applicationProperties.equals(that.applicationProperties);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(body) + systemProperties.hashCode()) + applicationProperties.hashCode();
    }

    @Override
    public String toString() {
        return "Message" + systemProperties + applicationProperties + "(" + body.length + " bytes)";
    }

    /** Builds a {@link Message}; every setter replaces the previous value, null removes it. */
    public static final class Builder {
        /** The last enqueued time formatted: messages taken in the same millisecond share it. */
        private static volatile FormattedInstant lastEnqueuedTime = new FormattedInstant(Instant.EPOCH);

        private static final byte[] NO_BODY = new byte[0];

        private byte[] body = NO_BODY;
        // Made when first changed: a builder from a message shares that message's properties until then.
        private EnumMap<SystemProperty, String> systemProperties;
        private LinkedHashMap<String, String> applicationProperties;
        private Message systemPropertiesOf;
        private Map<String, String> applicationPropertiesOf;
        private String receivedFormat;
        private byte[] received;

        private Builder() {
        }

        /**
         * The bytes, in {@code format}, that the message arrived as, for {@link Message#received}: only when
         * they encode exactly what the builder holds now. Set last: every later change forgets them.
         *
         * @since 1.2.0
         */
        public Builder received(String format, byte[] encoded) {
            this.receivedFormat = format;
            this.received = encoded;
            return this;
        }

        private void changed() {
            receivedFormat = null;
            received = null;
        }

        /** A copy of {@code body}. */
        public Builder body(byte[] body) {
            changed();
            this.body = body == null ? NO_BODY : body.clone();
            return this;
        }

        /**
         * {@code body} itself, not a copy, for a caller that made the array for this message: it must
         * not write to it any more.
         *
         * @since 1.1.0
         */
        public Builder takeBody(byte[] body) {
            changed();
            this.body = body == null ? NO_BODY : body;
            return this;
        }

        public Builder systemProperty(SystemProperty property, String value) {
            changed();
            if (systemProperties == null) {
                // From the message's own EnumMap: a copy of its array rather than an iteration through its view.
                systemProperties = systemPropertiesOf == null ? new EnumMap<>(SystemProperty.class)
                        : new EnumMap<>(systemPropertiesOf.systemPropertyValues);
                systemPropertiesOf = null;
            }
            if (value == null) {
                systemProperties.remove(property);
            } else {
                systemProperties.put(property, value);
            }
            return this;
        }

        public Builder applicationProperty(String name, String value) {
            changed();
            if (applicationProperties == null) {
                applicationProperties = applicationPropertiesOf == null ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(applicationPropertiesOf);
                applicationPropertiesOf = null;
            }
            if (value == null) {
                applicationProperties.remove(name);
            } else {
                applicationProperties.put(name, value);
            }
            return this;
        }

        public Builder applicationProperties(Map<String, String> properties) {
            properties.forEach(this::applicationProperty);
            return this;
        }

        public Builder messageId(String value) {
            return systemProperty(SystemProperty.MESSAGE_ID, value);
        }

        public Builder correlationId(String value) {
            return systemProperty(SystemProperty.CORRELATION_ID, value);
        }

        public Builder to(String value) {
            return systemProperty(SystemProperty.TO, value);
        }

        public Builder userId(String value) {
            return systemProperty(SystemProperty.USER_ID, value);
        }

        public Builder contentType(String value) {
            return systemProperty(SystemProperty.CONTENT_TYPE, value);
        }

        public Builder contentEncoding(String value) {
            return systemProperty(SystemProperty.CONTENT_ENCODING, value);
        }

        public Builder connectionDeviceId(String value) {
            return systemProperty(SystemProperty.CONNECTION_DEVICE_ID, value);
        }

        public Builder connectionModuleId(String value) {
            return systemProperty(SystemProperty.CONNECTION_MODULE_ID, value);
        }

        public Builder outputName(String value) {
            return systemProperty(SystemProperty.OUTPUT_NAME, value);
        }

        public Builder inputName(String value) {
            return systemProperty(SystemProperty.INPUT_NAME, value);
        }

        public Builder enqueuedTime(Instant value) {
            if (value == null) {
                return systemProperty(SystemProperty.ENQUEUED_TIME, null);
            }
            FormattedInstant last = lastEnqueuedTime;
            if (!last.instant().equals(value)) {
                last = new FormattedInstant(value);
                lastEnqueuedTime = last;
            }
            return systemProperty(SystemProperty.ENQUEUED_TIME, last.text());
        }

        public Builder creationTime(Instant value) {
            return systemProperty(SystemProperty.CREATION_TIME, value == null ? null : value.toString());
        }

        public Builder expiry(Instant value) {
            return systemProperty(SystemProperty.EXPIRY, value == null ? null : value.toString());
        }

        public Message build() {
            Message built = new Message(this);
            systemProperties = null;
            systemPropertiesOf = built;
            applicationProperties = null;
            applicationPropertiesOf = built.applicationProperties;
            return built;
        }
    }

    /** An instant with its ISO-8601 text, one immutable pair for threads to share. */
    private record FormattedInstant(Instant instant, String text) {

        FormattedInstant(Instant instant) {
            this(instant, instant.toString());
        }
    }
}
