package io.strata.edgehub.internal.nodes;

import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import io.strata.api.node.ParentNode;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinSection;
import io.strata.api.twin.TwinService;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * This node's side of the link to its parent, on its registry and twins: the parent is the
 * authority for the identities and desired sections of this node's subtree, and mirrors its reported
 * sections. Present on every node; only an upstream link uses it.
 */
@Component(configurationPid = NodeSettings.PID)
public class EdgeHubParentNode implements ParentNode {

    private final IdentityRegistry registry;
    private final TwinService twins;
    private volatile IdentitySync identities;

    @Activate
    public EdgeHubParentNode(@Reference IdentityRegistry registry, @Reference TwinService twins, NodeConfiguration node) {
        this(registry, twins, NodeNames.of(node).deviceId());
    }

    /** @param ownDeviceId this node's edge device id */
    public EdgeHubParentNode(IdentityRegistry registry, TwinService twins, String ownDeviceId) {
        this.registry = registry;
        this.twins = twins;
        this.identities = new IdentitySync(registry, ownDeviceId);
    }

    /** The other node settings (the parent's address, say) are not this component's. */
    @Modified
    void modified(NodeConfiguration node) {
        identities = new IdentitySync(registry, NodeNames.of(node).deviceId());
    }

    @Override
    public void applyIdentitySnapshot(String snapshot) {
        identities.apply(IdentitySnapshot.fromJson(snapshot));
    }

    @Override
    public boolean applyDesired(TwinSection section) {
        return twins.syncDesired(section.identity(), section.section(), section.version());
    }

    @Override
    public List<TwinSection> reportedSections() {
        return twins.twins().stream().map(this::reportedSection).flatMap(Optional::stream).toList();
    }

    @Override
    public Optional<TwinSection> reportedSection(IdentityId identity) {
        Twin twin = twins.get(identity);
        return TwinSections.of(identity, twin.reported(), twin.reportedVersion());
    }
}
