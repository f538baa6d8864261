package io.strata.identity.internal;

import io.strata.api.identity.Authorizer;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.node.NodeSettings;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * Lets identities connect by their place in the hierarchy below this node, and confines each to
 * its own IoT Hub topics.
 */
@Component(service = Authorizer.class, configurationPid = NodeSettings.PID)
public class HierarchyAuthorizer implements Authorizer {

    private static final String IOTHUB_TOPICS = "$iothub";

    private final IdentityRegistry registry;
    private volatile String nodeDeviceId;

    @Activate
    public HierarchyAuthorizer(@Reference IdentityRegistry registry, NodeConfig node) {
        this(registry, NodeNames.of(node).deviceId());
    }

    HierarchyAuthorizer(IdentityRegistry registry, String nodeDeviceId) {
        this.registry = registry;
        this.nodeDeviceId = nodeDeviceId;
    }

    @Modified
    void modified(NodeConfig node) {
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
        return enabled(id).isPresent() && !topic.contains("+") && !topic.contains("#") && isOwnTopic(id, topic);
    }

    @Override
    public boolean maySubscribe(IdentityId id, String topicFilter) {
        return enabled(id).isPresent() && isOwnTopic(id, topicFilter);
    }

    private Optional<Identity> enabled(IdentityId id) {
        return registry.find(id).filter(Identity::enabled);
    }

    private boolean isBelowThisNode(Identity device) {
        Set<String> visited = new HashSet<>();
        for (String parent = device.parentId(); parent != null && visited.add(parent);
                parent = registry.find(IdentityId.device(parent)).map(Identity::parentId).orElse(null)) {
            if (parent.equals(nodeDeviceId)) {
                return true;
            }
        }
        return false;
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
