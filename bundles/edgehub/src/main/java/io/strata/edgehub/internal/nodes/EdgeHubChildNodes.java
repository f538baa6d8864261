package io.strata.edgehub.internal.nodes;

import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.node.ChildNodes;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinSection;
import io.strata.api.twin.TwinService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This node's side of the node links of its child nodes, from its registry and twins: a child
 * node's subtree is its edge device, every device below it in this registry (any depth), and the
 * modules of those devices, registered here or not (a child node's agent registers its modules on
 * the child).
 */
@Component
public class EdgeHubChildNodes implements ChildNodes {

    private final IdentityRegistry registry;
    private final TwinService twins;

    @Activate
    public EdgeHubChildNodes(@Reference IdentityRegistry registry, @Reference TwinService twins) {
        this.registry = registry;
        this.twins = twins;
    }

    @Override
    public boolean isInSubtree(String childDeviceId, IdentityId identity) {
        if (identity.deviceId().equals(childDeviceId)) {
            return true;
        }
        return registry.subtree(childDeviceId).stream()
                .anyMatch(below -> below.id().deviceId().equals(identity.deviceId()));
    }

    @Override
    public String identitySnapshot(String childDeviceId) {
        List<Identity> identities = new ArrayList<>();
        registry.find(IdentityId.device(childDeviceId)).ifPresent(identities::add);
        identities.addAll(registry.modules(childDeviceId));
        for (Identity device : registry.subtree(childDeviceId)) {
            identities.add(device);
            identities.addAll(registry.modules(device.id().deviceId()));
        }
        return IdentitySnapshot.toJson(identities);
    }

    @Override
    public List<TwinSection> desiredSections(String childDeviceId) {
        // the subtree once, not once a twin
        Set<String> devices = new HashSet<>();
        devices.add(childDeviceId);
        registry.subtree(childDeviceId).forEach(device -> devices.add(device.id().deviceId()));
        List<TwinSection> sections = new ArrayList<>();
        for (IdentityId id : twins.twins()) {
            if (devices.contains(id.deviceId())) {
                desiredSection(id).ifPresent(sections::add);
            }
        }
        return sections;
    }

    @Override
    public Optional<TwinSection> desiredSection(IdentityId identity) {
        Twin twin = twins.get(identity);
        return TwinSections.of(identity, twin.desired(), twin.desiredVersion());
    }

    @Override
    public boolean storeReported(String childDeviceId, TwinSection section) {
        if (!isInSubtree(childDeviceId, section.identity())) {
            throw new IllegalArgumentException(section.identity() + " is not in the subtree of " + childDeviceId);
        }
        try {
            return twins.syncReported(section.identity(), section.section(), section.version());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The reported section of " + section.identity() + " is not valid: "
                    + e.getMessage(), e);
        }
    }
}
