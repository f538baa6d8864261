package io.strata.api.message;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The property bag that ends IoT Hub MQTT topics: {@code name=value&name2=value2}, each part
 * url-encoded, system properties under their {@code $.} names and application properties under
 * their own. The broker reads and writes it for devices, and a child node for its parent.
 */
public final class PropertyBag {

    /** The bag name under which a child node forwards the time its edge hub took a message. */
    public static final String ENQUEUED_TIME = "iothub-enqueuedtime";

    private static final String SYSTEM_PREFIX = "$.";
    private static final Map<SystemProperty, String> BAG_NAMES = new EnumMap<>(Map.ofEntries(
            Map.entry(SystemProperty.MESSAGE_ID, "$.mid"),
            Map.entry(SystemProperty.CORRELATION_ID, "$.cid"),
            Map.entry(SystemProperty.TO, "$.to"),
            Map.entry(SystemProperty.USER_ID, "$.uid"),
            Map.entry(SystemProperty.OUTPUT_NAME, "$.on"),
            Map.entry(SystemProperty.CONNECTION_DEVICE_ID, "$.cdid"),
            Map.entry(SystemProperty.CONNECTION_MODULE_ID, "$.cmid"),
            Map.entry(SystemProperty.CONTENT_TYPE, "$.ct"),
            Map.entry(SystemProperty.CONTENT_ENCODING, "$.ce"),
            Map.entry(SystemProperty.EXPIRY, "$.exp"),
            Map.entry(SystemProperty.CREATION_TIME, "$.ctime")));
    private static final Map<String, SystemProperty> BY_BAG_NAME = new LinkedHashMap<>();
    private static final Set<SystemProperty> INSTANTS = Set.of(SystemProperty.EXPIRY, SystemProperty.CREATION_TIME);

    static {
        BAG_NAMES.forEach((property, name) -> BY_BAG_NAME.put(name, property));
    }

    private PropertyBag() {
    }

    /**
     * Decodes a bag, keeping the order the sender used; an empty text is an empty bag, a name without
     * {@code =} has an empty value.
     *
     * @throws IllegalArgumentException for a property without a name or a bad url-encoding
     */
    public static Map<String, String> parse(String bag) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String pair : bag.split("&", -1)) {
            if (pair.isEmpty()) {
                continue; // tolerate 'a=1&&b=2' and a trailing '&' as the SDKs' own parsers do
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (name.isEmpty()) {
                throw new IllegalArgumentException("property without a name in '" + bag + "'");
            }
            properties.put(name, equals < 0 ? "" : decode(pair.substring(equals + 1)));
        }
        return properties;
    }

    /** Encodes a bag; spaces become {@code %20}, which every IoT Hub SDK decodes. */
    public static String format(Map<String, String> properties) {
        StringBuilder bag = new StringBuilder();
        properties.forEach((name, value) -> {
            if (!bag.isEmpty()) {
                bag.append('&');
            }
            bag.append(encode(name)).append('=').append(encode(value));
        });
        return bag.toString();
    }

    /** One url-encoded part of a topic. */
    public static String encode(String text) {
        // Every routed message's topic is encoded: most names and values need no escaping at all.
        for (int i = 0; i < text.length(); i++) {
            if (!isLeftAsIs(text.charAt(i))) {
                return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
            }
        }
        return text;
    }

    /** The characters URLEncoder does not escape. */
    private static boolean isLeftAsIs(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '.' || c == '-' || c == '*' || c == '_';
    }

    /**
     * The bag of a message: the system properties that have a bag name, then the application
     * properties, in the order IoT Hub uses. The Java device SDK reads a received bag only from its
     * first system property on, so application properties in front of them would be lost.
     */
    public static Map<String, String> of(Message message) {
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

    /**
     * A message builder carrying the bag's properties. Unknown {@code $.} names are ignored, as IoT
     * Hub does; times are normalised to ISO-8601 instants.
     *
     * @throws IllegalArgumentException naming a time that is not ISO-8601
     */
    public static Message.Builder toMessage(Map<String, String> bag) {
        Message.Builder builder = Message.builder();
        bag.forEach((name, value) -> {
            if (!name.startsWith(SYSTEM_PREFIX)) {
                builder.applicationProperty(name, value);
                return;
            }
            SystemProperty property = BY_BAG_NAME.get(name);
            if (property != null) {
                builder.systemProperty(property, INSTANTS.contains(property) ? instant(name, value) : value);
            }
        });
        return builder;
    }

    /** The bag name of a system property; empty for those a bag does not carry. */
    public static Optional<String> bagName(SystemProperty property) {
        return Optional.ofNullable(BAG_NAMES.get(property));
    }

    /**
     * An ISO-8601 time with any offset, as the instant it names.
     *
     * @throws IllegalArgumentException naming the property when it is not ISO-8601
     */
    public static String instant(String name, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant().toString();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not an ISO-8601 time", e);
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad url-encoding in '" + text + "'", e);
        }
    }
}
