package io.strata.broker.internal;

import static io.strata.api.message.SystemProperty.CONNECTION_DEVICE_ID;
import static io.strata.api.message.SystemProperty.CONNECTION_MODULE_ID;
import static io.strata.api.message.SystemProperty.CONTENT_ENCODING;
import static io.strata.api.message.SystemProperty.CONTENT_TYPE;
import static io.strata.api.message.SystemProperty.CORRELATION_ID;
import static io.strata.api.message.SystemProperty.CREATION_TIME;
import static io.strata.api.message.SystemProperty.EXPIRY;
import static io.strata.api.message.SystemProperty.MESSAGE_ID;
import static io.strata.api.message.SystemProperty.OUTPUT_NAME;
import static io.strata.api.message.SystemProperty.TO;
import static io.strata.api.message.SystemProperty.USER_ID;

import io.strata.api.message.Message;
import io.strata.api.message.SystemProperty;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Maps a decoded property bag to a message and back: names starting with {@code $.} are the IoT Hub
 * system properties, every other name is an application property.
 */
final class BagProperties {

    /** The bag name of the enqueued time a child node keeps on the telemetry of its subtree it forwards. */
    static final String ENQUEUED_TIME = "iothub-enqueuedtime";

    private static final String SYSTEM_PREFIX = "$.";
    private static final Map<SystemProperty, String> BAG_NAMES = new EnumMap<>(Map.ofEntries(
            Map.entry(MESSAGE_ID, "$.mid"),
            Map.entry(CORRELATION_ID, "$.cid"),
            Map.entry(TO, "$.to"),
            Map.entry(USER_ID, "$.uid"),
            Map.entry(OUTPUT_NAME, "$.on"),
            Map.entry(CONNECTION_DEVICE_ID, "$.cdid"),
            Map.entry(CONNECTION_MODULE_ID, "$.cmid"),
            Map.entry(CONTENT_TYPE, "$.ct"),
            Map.entry(CONTENT_ENCODING, "$.ce"),
            Map.entry(EXPIRY, "$.exp"),
            Map.entry(CREATION_TIME, "$.ctime")));
    private static final Map<String, SystemProperty> BY_BAG_NAME = new LinkedHashMap<>();
    /** The edge hub sets these from the authenticated connection; a sender's values are ignored. */
    private static final Set<SystemProperty> STAMPED = Set.of(CONNECTION_DEVICE_ID, CONNECTION_MODULE_ID);
    private static final Set<SystemProperty> INSTANTS = Set.of(EXPIRY, CREATION_TIME);

    static {
        BAG_NAMES.forEach((property, name) -> BY_BAG_NAME.put(name, property));
    }

    private BagProperties() {
    }

    /**
     * A message builder carrying the bag's properties. Unknown {@code $.} names are ignored, as IoT
     * Hub does; times are normalised to ISO-8601 instants.
     */
    static Message.Builder toMessage(Map<String, String> bag) throws MalformedTopicException {
        Message.Builder builder = Message.builder();
        for (Map.Entry<String, String> entry : bag.entrySet()) {
            String name = entry.getKey();
            if (!name.startsWith(SYSTEM_PREFIX)) {
                builder.applicationProperty(name, entry.getValue());
                continue;
            }
            SystemProperty property = BY_BAG_NAME.get(name);
            if (property != null && !STAMPED.contains(property)) {
                builder.systemProperty(property, INSTANTS.contains(property)
                        ? instant(name, entry.getValue()) : entry.getValue());
            }
        }
        return builder;
    }

    /**
     * The bag a receiver gets: the system properties that have a bag name, then the application
     * properties, in the order IoT Hub uses. The Java device SDK reads a received bag only from its
     * first system property on, so application properties in front of them would be lost.
     */
    static Map<String, String> toBag(Message message) {
        Map<String, String> bag = new LinkedHashMap<>();
        message.systemProperties().forEach((property, value) -> {
            String name = BAG_NAMES.get(property);
            if (name != null) {
                bag.put(name, value);
            }
        });
        message.applicationProperties().forEach(bag::putIfAbsent);
        return bag;
    }

    static String instant(String name, String value) throws MalformedTopicException {
        try {
            return OffsetDateTime.parse(value).toInstant().toString();
        } catch (DateTimeParseException e) {
            throw new MalformedTopicException(name + " '" + value + "' is not an ISO-8601 time");
        }
    }
}
