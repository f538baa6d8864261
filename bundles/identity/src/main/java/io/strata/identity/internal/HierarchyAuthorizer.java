package io.strata.identity.internal;

import io.strata.api.identity.Authorizer;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * Lets identities connect by their place in the hierarchy below this node, and confines each to
 * its own IoT Hub topics. An edge device (a child node) also publishes the telemetry of its subtree
 * on its members' topics, and uses its own node topics {@code $strata/nodes/{E}/...}.
 */
@Component(service = Authorizer.class, configurationPid = NodeSettings.PID)
public class HierarchyAuthorizer implements Authorizer {

    private static final String IOTHUB_TOPICS = "$iothub";
    private static final String NODE_TOPICS = "$strata";
    // devices/{d}/messages/events... or devices/{d}/modules/{m}/messages/events...
    private static final Pattern TELEMETRY =
            Pattern.compile("devices/([^/]+)(?:/modules/[^/]+)?/messages/events(?:/.*)?", Pattern.DOTALL);

    private final IdentityRegistry registry;
    private volatile String nodeDeviceId;

    @Activate
    public HierarchyAuthorizer(@Reference IdentityRegistry registry, NodeConfiguration node) {
        this(registry, NodeNames.of(node).deviceId());
    }

    HierarchyAuthorizer(IdentityRegistry registry, String nodeDeviceId) {
        this.registry = registry;
        this.nodeDeviceId = nodeDeviceId;
    }

    @Modified
    void modified(NodeConfiguration node) {
        nodeDeviceId = NodeNames.of(node).deviceId();
    }

    @Override
    public boolean mayConnect(IdentityId id) {
        return enabled(id).filter(identity -> id.isModule()
                ? id.deviceId().equals(nodeDeviceId)
                : id.deviceId().equals(nodeDeviceId) || isBelowThisNode(identity)).isPresent();
    }

    @Override
    public boolean mayPublish(IdentityId id, String topic) {
        Optional<Identity> identity = enabled(id);
        if (identity.isEmpty() || topic.contains("+") || topic.contains("#")) {
            return false;
        }
        return isOwnTopic(id, topic) || isChildNode(identity.get())
                && (isOwnNodeTopic(id, topic) || isSubtreeTelemetry(id.deviceId(), topic));
    }

    @Override
    public boolean maySubscribe(IdentityId id, String topicFilter) {
        Optional<Identity> identity = enabled(id);
        return identity.isPresent() && (isOwnTopic(id, topicFilter)
                || isChildNode(identity.get()) && isOwnNodeTopic(id, topicFilter));
    }

    private Optional<Identity> enabled(IdentityId id) {
        return registry.find(id).filter(Identity::enabled);
    }

    private boolean isBelowThisNode(Identity device) {
        return isBelow(device, nodeDeviceId);
    }

    private boolean isBelow(Identity device, String ancestorId) {
        Set<String> visited = new HashSet<>();
        for (String parent = device.parentId(); parent != null && visited.add(parent);
                parent = registry.find(IdentityId.device(parent)).map(Identity::parentId).orElse(null)) {
            if (parent.equals(ancestorId)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isChildNode(Identity identity) {
        return !identity.id().isModule() && identity.isEdgeDevice();
    }

    /**
     * A telemetry topic of the edge device itself, of an enabled device below it, or of a module of
     * either: modules of a child node are registered on that node only, so they need not be here.
     */
    private boolean isSubtreeTelemetry(String edgeDeviceId, String topic) {
        Matcher telemetry = TELEMETRY.matcher(topic);
        if (!telemetry.matches()) {
            return false;
        }
        String deviceId = telemetry.group(1);
        return deviceId.equals(edgeDeviceId)
                || enabled(IdentityId.device(deviceId)).filter(device -> isBelow(device, edgeDeviceId)).isPresent();
    }

    /** {@code $strata/nodes/{E}/...} of the edge device E itself, with wildcards only below it. */
    private static boolean isOwnNodeTopic(IdentityId id, String topic) {
        return after(topic, after(topic, after(topic, 0, NODE_TOPICS), "nodes"), id.deviceId()) >= 0;
    }

    /**
     * Whether the topic, or every topic the filter matches, is the identity's own:
     * {@code $iothub/...}, or below {@code devices/{d}/modules/{m}/} for a module, or below
     * {@code devices/{d}/} but outside {@code devices/{d}/modules/} for a device. The segments up
     * to and including the one after {@code devices/{d}/} must therefore be literal for a device.
     * Asked for every publish, so the topic is read in place rather than split.
     */
    private static boolean isOwnTopic(IdentityId id, String topic) {
        if (after(topic, 0, IOTHUB_TOPICS) >= 0) {
            return true;
        }
        int below = after(topic, after(topic, 0, "devices"), id.deviceId());
        if (below < 0) {
            return false;
        }
        if (!id.isModule()) {
            return !isSegment(topic, below, "modules") && !isSegment(topic, below, "+")
                    && !isSegment(topic, below, "#");
        }
        return after(topic, after(topic, below, "modules"), id.moduleId()) >= 0;
    }

    /**
     * Where the topic goes on after the segment that starts at {@code from} and its '/', when that
     * segment is the given one and more follows; else -1 (also when {@code from} is -1).
     */
    private static int after(String topic, int from, String segment) {
        int end = from + segment.length();
        return from >= 0 && end < topic.length() && topic.charAt(end) == '/' && topic.startsWith(segment, from)
                ? end + 1 : -1;
    }

    /** Whether the segment that starts at {@code from} is the given one. */
    private static boolean isSegment(String topic, int from, String segment) {
        int end = from + segment.length();
        return topic.startsWith(segment, from) && (end == topic.length() || topic.charAt(end) == '/');
    }
}
