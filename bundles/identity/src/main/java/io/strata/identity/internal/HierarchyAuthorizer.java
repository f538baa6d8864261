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
        String[] segments = topic.split("/", -1);
        return segments.length > 3 && segments[0].equals(NODE_TOPICS) && segments[1].equals("nodes")
                && segments[2].equals(id.deviceId());
    }

    /**
     * Whether the topic, or every topic the filter matches, is the identity's own:
     * {@code $iothub/...}, or below {@code devices/{d}/modules/{m}/} for a module, or below
     * {@code devices/{d}/} but outside {@code devices/{d}/modules/} for a device. The segments up
     * to and including the one after {@code devices/{d}/} must therefore be literal for a device.
     */
    private static boolean isOwnTopic(IdentityId id, String topic) {
        String[] segments = topic.split("/", -1);
        if (segments[0].equals(IOTHUB_TOPICS)) {
            return segments.length > 1;
        }
        if (segments.length < 3 || !segments[0].equals("devices") || !segments[1].equals(id.deviceId())) {
            return false;
        }
        if (!id.isModule()) {
            return !Set.of("modules", "+", "#").contains(segments[2]);
        }
        return segments.length > 4 && segments[2].equals("modules") && segments[3].equals(id.moduleId());
    }
}
