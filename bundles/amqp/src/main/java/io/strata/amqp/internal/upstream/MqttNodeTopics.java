package io.strata.amqp.internal.upstream;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.message.PropertyBag;
import io.strata.api.twin.TwinSection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The child's side of the MQTT node topics and telemetry topics at the parent (NODESYNC.md): the
 * topics this node publishes, and the property bags ({@code name=value&...}, url-encoded) the
 * parent's topics end in. System properties travel under the bag names IoT Hub gives them.
 */
final class MqttNodeTopics {

    static final String ID = "$id";

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
        Map<String, String> bag = PropertyBag.of(message);
        message.enqueuedTime().ifPresent(time -> bag.put(PropertyBag.ENQUEUED_TIME, time.toString()));
        String identity = origin.isModule() ? origin.deviceId() + "/modules/" + origin.moduleId() : origin.deviceId();
        return "devices/" + identity + "/messages/events/" + PropertyBag.format(bag);
    }

    /** {@code $strata/nodes/{E}/twins/reported/?$id={id}&$version={v}}. */
    static String reported(String node, TwinSection section) {
        return nodes(node) + "twins/reported/?" + ID + "=" + PropertyBag.encode(section.identity().toString())
                + "&$version=" + section.version();
    }

    /** {@code $strata/nodes/{E}/methods/res/{status}/?$rid={rid}}. */
    static String methodResponse(String node, int status, String rid) {
        return nodes(node) + "methods/res/" + status + "/?$rid=" + PropertyBag.encode(rid);
    }

    /** What follows {@code $strata/nodes/{E}/} in a topic the parent sent; empty when it is not under there. */
    static String relative(String node, String topic) {
        return topic.startsWith(nodes(node)) ? topic.substring(nodes(node).length()) : "";
    }

    /**
     * The bag after the {@code ?} of a topic; empty when it has none.
     *
     * @throws IllegalArgumentException when the parent sent a bag that is not url-encoded
     */
    static Map<String, String> bag(String topic) {
        int query = topic.indexOf('?');
        return query < 0 ? new LinkedHashMap<>() : PropertyBag.parse(topic.substring(query + 1));
    }

    /** The cloud-to-device message a bag (without {@code $id}) and body make. */
    static Message cloudToDevice(Map<String, String> bag, byte[] body) {
        return PropertyBag.toMessage(bag).body(body).build();
    }

    private static String nodes(String node) {
        return "$strata/nodes/" + node + "/";
    }
}
