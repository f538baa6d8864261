package io.strata.amqp.internal.upstream;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.message.SystemProperty;
import io.strata.api.twin.TwinSection;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The child's side of the MQTT node topics and telemetry topics at the parent (NODESYNC.md): the
 * topics this node publishes, and the property bags ({@code name=value&...}, url-encoded) the
 * parent's topics end in. System properties travel under the bag names IoT Hub gives them.
 */
final class MqttNodeTopics {

    static final String ID = "$id";
    private static final String ENQUEUED_TIME = "iothub-enqueuedtime";
    private static final Map<SystemProperty, String> BAG_NAMES = new EnumMap<>(Map.of(
            SystemProperty.MESSAGE_ID, "$.mid",
            SystemProperty.CORRELATION_ID, "$.cid",
            SystemProperty.TO, "$.to",
            SystemProperty.USER_ID, "$.uid",
            SystemProperty.OUTPUT_NAME, "$.on",
            SystemProperty.CONTENT_TYPE, "$.ct",
            SystemProperty.CONTENT_ENCODING, "$.ce",
            SystemProperty.EXPIRY, "$.exp",
            SystemProperty.CREATION_TIME, "$.ctime",
            SystemProperty.ENQUEUED_TIME, ENQUEUED_TIME));

    private MqttNodeTopics() {
    }

    /** The filter of every node topic the parent sends this node on. */
    static String subscription(String node) {
        return nodes(node) + "#";
    }

    /**
     * {@code devices/{d}[/modules/{m}]/messages/events/{bag}}: the origin's telemetry topic, whose bag
     * keeps the message's properties and the time this node's edge hub took it. The parent stamps the
     * connection ids from the topic.
     */
    static String telemetry(IdentityId origin, Message message) {
        Map<String, String> bag = new LinkedHashMap<>();
        message.systemProperties().forEach((property, value) -> {
            String name = BAG_NAMES.get(property);
            if (name != null) {
                bag.put(name, value);
            }
        });
        message.applicationProperties().forEach(bag::putIfAbsent);
        String identity = origin.isModule() ? origin.deviceId() + "/modules/" + origin.moduleId() : origin.deviceId();
        return "devices/" + identity + "/messages/events/" + format(bag);
    }

    /** {@code $strata/nodes/{E}/twins/reported/?$id={id}&$version={v}}. */
    static String reported(String node, TwinSection section) {
        return nodes(node) + "twins/reported/?" + ID + "=" + encode(section.identity().toString()) + "&$version="
                + section.version();
    }

    /** {@code $strata/nodes/{E}/methods/res/{status}/?$rid={rid}}. */
    static String methodResponse(String node, int status, String rid) {
        return nodes(node) + "methods/res/" + status + "/?$rid=" + encode(rid);
    }

    /** What follows {@code $strata/nodes/{E}/} in a topic the parent sent; empty when it is not under there. */
    static String relative(String node, String topic) {
        return topic.startsWith(nodes(node)) ? topic.substring(nodes(node).length()) : "";
    }

    /** The bag after the {@code ?} of a topic; empty when it has none. */
    static Map<String, String> bag(String topic) {
        int query = topic.indexOf('?');
        Map<String, String> bag = new LinkedHashMap<>();
        if (query < 0) {
            return bag;
        }
        for (String pair : topic.substring(query + 1).split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                bag.put(decode(equals < 0 ? pair : pair.substring(0, equals)),
                        equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
        }
        return bag;
    }

    /** The cloud-to-device message a bag (without {@code $id}) and body make. */
    static Message cloudToDevice(Map<String, String> bag, byte[] body) {
        Map<String, SystemProperty> byName = new LinkedHashMap<>();
        BAG_NAMES.forEach((property, name) -> byName.put(name, property));
        Message.Builder message = Message.builder().body(body);
        bag.forEach((name, value) -> {
            SystemProperty property = byName.get(name);
            if (property == null && !name.startsWith("$")) {
                message.applicationProperty(name, value);
            } else if (property == SystemProperty.EXPIRY || property == SystemProperty.CREATION_TIME) {
                message.systemProperty(property, instant(value).toString());
            } else if (property != null) {
                message.systemProperty(property, value);
            }
        });
        return message.build();
    }

    private static Instant instant(String value) {
        return OffsetDateTime.parse(value).toInstant();
    }

    private static String format(Map<String, String> bag) {
        return bag.entrySet().stream().map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String nodes(String node) {
        return "$strata/nodes/" + node + "/";
    }
}
