package io.strata.broker.internal.topics;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.message.PropertyBag;
import io.strata.api.message.SystemProperty;
import io.strata.api.twin.TwinSection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node topics {@code $strata/nodes/{E}/...} of a child node E (see NODESYNC.md), both sides: what
 * the edge hub sends E about E's subtree and reads from E's answers, and what E, over its MQTT link to
 * this parent ({@link io.strata.broker.internal.parent.MqttParentSession}), publishes and reads. The
 * edge hub publishes them to E's session alone ({@link io.strata.broker.internal.moquette.SessionDelivery}),
 * and takes E's publishes before Moquette ({@link NodePublishes}), so Moquette never carries them from
 * one client to another.
 */
public final class NodeTopics {

    /** What a child node sends the edge hub; {@code section} only for a reported section, {@code status} and {@code rid} for a method answer. */
    record Upward(Kind kind, TwinSection section, int status, String rid) {
    }

    enum Kind {
        REPORTED, METHOD_RESPONSE
    }

    static final String PREFIX = "$strata/";
    private static final Pattern UPWARD = Pattern.compile(
            "\\$strata/nodes/([^/]+)/(?:(twins/reported)|methods/res/(\\d{3}))/\\?(.*)", Pattern.DOTALL);
    /** The identity a node topic is about, in its bag. */
    public static final String ID = "$id";
    /** A twin section's version, in its bag. */
    public static final String VERSION = "$version";
    /** A method call's request id, in its bag. */
    public static final String RID = "$rid";
    /** A method call's timeout in milliseconds, in its bag. */
    public static final String TIMEOUT = "$timeout";

    private NodeTopics() {
    }

    public static boolean isNodeTopic(String topic) {
        return topic.startsWith(PREFIX);
    }

    /** {@code $strata/nodes/{E}/identities}: the identity snapshot of E's subtree. */
    public static String identities(String node) {
        return nodes(node) + "identities";
    }

    /** {@code $strata/nodes/{E}/twins/desired/?$id={id}&$version={v}}. */
    static String desired(String node, TwinSection section) {
        return nodes(node) + "twins/desired/?" + ID + "=" + PropertyBag.encode(section.identity().toString())
                + "&" + VERSION + "=" + section.version();
    }

    /** {@code $strata/nodes/{E}/methods/POST/{method}/?$id={id}&$rid={rid}&$timeout={ms}}. */
    static String methodRequest(String node, IdentityId target, String methodName, String rid, Duration timeout) {
        return nodes(node) + "methods/POST/" + IotHubTopics.methodLevel(methodName) + "/?" + ID + "="
                + PropertyBag.encode(target.toString()) + "&" + RID + "=" + PropertyBag.encode(rid)
                + "&" + TIMEOUT + "=" + timeout.toMillis();
    }

    /** {@code $strata/nodes/{E}/c2d/?$id={device}&{bag}}: the bag as the device-bound topic carries it. */
    static String cloudToDevice(String node, IdentityId device, Message message) {
        Map<String, String> bag = new LinkedHashMap<>();
        bag.put(ID, device.toString());
        bag.putAll(PropertyBag.of(message));
        return nodes(node) + "c2d/?" + PropertyBag.format(bag);
    }

    /**
     * Parses what child node {@code node} published; empty when it is none of the topics a child sends.
     *
     * @throws MalformedTopicException when it is one, with a missing or bad {@code $id}, {@code $version} or {@code $rid}
     */
    static Optional<Upward> parse(String node, String topic, byte[] body) throws MalformedTopicException {
        Matcher matcher = UPWARD.matcher(topic);
        if (!matcher.matches() || !matcher.group(1).equals(node)) {
            return Optional.empty();
        }
        Map<String, String> bag = BagProperties.parse(matcher.group(4));
        if (matcher.group(2) == null) {
            return Optional.of(new Upward(Kind.METHOD_RESPONSE, null, Integer.parseInt(matcher.group(3)),
                    required(bag, RID, topic)));
        }
        IdentityId identity;
        long version;
        try {
            identity = IdentityId.parse(required(bag, ID, topic));
            version = Long.parseLong(required(bag, VERSION, topic));
        } catch (IllegalArgumentException e) {
            throw new MalformedTopicException("bad " + ID + " or " + VERSION + " in '" + topic + "': " + e.getMessage());
        }
        return Optional.of(new Upward(Kind.REPORTED,
                new TwinSection(identity, new String(body, StandardCharsets.UTF_8), version), 0, null));
    }

    // The child's side: what node E publishes to its parent, and how it reads what the parent sends.

    /** The filter of every node topic the parent sends node {@code node} on. */
    public static String subscription(String node) {
        return nodes(node) + "#";
    }

    /**
     * {@code devices/{d}[/modules/{m}]/messages/events/{bag}}: the origin's telemetry topic, whose bag
     * keeps the message's properties and the time this node's edge hub took it. The parent stamps the
     * connection ids from the topic.
     */
    public static String telemetry(IdentityId origin, Message message) {
        Map<String, String> bag = PropertyBag.of(message);
        // the text as the message holds it (an ISO instant): parsing it into an Instant and writing it back was
        // ~13 % of a child's JFR samples when it forwards over MQTT
        message.systemProperty(SystemProperty.ENQUEUED_TIME).ifPresent(time -> bag.put(PropertyBag.ENQUEUED_TIME, time));
        String identity = origin.isModule() ? origin.deviceId() + "/modules/" + origin.moduleId() : origin.deviceId();
        return "devices/" + identity + "/messages/events/" + PropertyBag.format(bag);
    }

    /** {@code $strata/nodes/{E}/twins/reported/?$id={id}&$version={v}}. */
    public static String reported(String node, TwinSection section) {
        return nodes(node) + "twins/reported/?" + ID + "=" + PropertyBag.encode(section.identity().toString())
                + "&" + VERSION + "=" + section.version();
    }

    /** {@code $strata/nodes/{E}/methods/res/{status}/?$rid={rid}}. */
    public static String methodResponse(String node, int status, String rid) {
        return nodes(node) + "methods/res/" + status + "/?" + RID + "=" + PropertyBag.encode(rid);
    }

    /** What follows {@code $strata/nodes/{E}/} in a topic the parent sent; empty when it is not under there. */
    public static String relative(String node, String topic) {
        return topic.startsWith(nodes(node)) ? topic.substring(nodes(node).length()) : "";
    }

    /**
     * The bag after the {@code ?} of a topic the parent sent; empty when it has none.
     *
     * @throws IllegalArgumentException when the parent sent a bag that is not url-encoded
     */
    public static Map<String, String> bag(String topic) {
        int query = topic.indexOf('?');
        return query < 0 ? new LinkedHashMap<>() : PropertyBag.parse(topic.substring(query + 1));
    }

    /** The cloud-to-device message a bag (without {@code $id}) and body make. */
    public static Message cloudToDevice(Map<String, String> bag, byte[] body) {
        return PropertyBag.toMessage(bag).body(body).build();
    }

    private static String required(Map<String, String> bag, String name, String topic) throws MalformedTopicException {
        String value = bag.get(name);
        if (value == null || value.isEmpty()) {
            throw new MalformedTopicException("no " + name + " in '" + topic + "'");
        }
        return value;
    }

    private static String nodes(String node) {
        return PREFIX + "nodes/" + node + "/";
    }
}
