package io.strata.broker.internal.moquette;

import io.strata.api.identity.IdentityId;
import io.strata.api.node.ChildNodes;
import io.strata.api.twin.TwinSection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Child nodes with fixed subtrees (device ids), a settable snapshot text and fixed desired sections. */
final class InMemoryChildNodes implements ChildNodes {

    final BlockingQueue<TwinSection> stored = new LinkedBlockingQueue<>();
    volatile String snapshot = "{\"identities\":[]}";
    private final Map<String, Set<String>> subtrees;
    private final List<TwinSection> desired;

    InMemoryChildNodes(Map<String, Set<String>> subtrees, List<TwinSection> desired) {
        this.subtrees = subtrees;
        this.desired = desired;
    }

    @Override
    public boolean isInSubtree(String childDeviceId, IdentityId identity) {
        return subtrees.getOrDefault(childDeviceId, Set.of()).contains(identity.deviceId());
    }

    @Override
    public String identitySnapshot(String childDeviceId) {
        return snapshot;
    }

    @Override
    public List<TwinSection> desiredSections(String childDeviceId) {
        return desired.stream().filter(section -> isInSubtree(childDeviceId, section.identity())).toList();
    }

    @Override
    public Optional<TwinSection> desiredSection(IdentityId identity) {
        return desired.stream().filter(section -> section.identity().equals(identity)).findFirst();
    }

    @Override
    public boolean storeReported(String childDeviceId, TwinSection section) {
        if (!isInSubtree(childDeviceId, section.identity())) {
            throw new IllegalArgumentException(section.identity() + " is not in the subtree of " + childDeviceId);
        }
        stored.add(section);
        return true;
    }
}
