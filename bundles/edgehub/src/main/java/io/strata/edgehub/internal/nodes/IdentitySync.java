package io.strata.edgehub.internal.nodes;

import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the local registry what the parent's snapshot says: the parent is the authority for this
 * node's device and everything below it. Only the modules of this node's own device are kept when the
 * snapshot lacks them, as this node's agent registers those.
 */
final class IdentitySync {

    private static final Logger LOG = LoggerFactory.getLogger(IdentitySync.class);

    private final IdentityRegistry registry;
    private final String ownDeviceId;

    IdentitySync(IdentityRegistry registry, String ownDeviceId) {
        this.registry = registry;
        this.ownDeviceId = ownDeviceId;
    }

    /**
     * Applies one snapshot. An identity the registry refuses is logged and skipped, so one bad entry
     * does not keep the others from being applied.
     */
    void apply(List<Identity> snapshot) {
        Map<String, Identity> devices = new LinkedHashMap<>();
        List<Identity> modules = new ArrayList<>();
        for (Identity identity : snapshot) {
            if (identity.id().isModule()) {
                modules.add(identity);
            } else if (identity.id().deviceId().equals(ownDeviceId)) {
                // its parent is the parent node, which this registry does not hold
                devices.put(ownDeviceId, identity.withParent(null));
            } else {
                devices.put(identity.id().deviceId(), identity);
            }
        }
        parentsFirst(devices).forEach(this::put);
        modules.forEach(this::put);
        removeMissing(devices.keySet(), modules.stream().map(Identity::id).collect(Collectors.toSet()));
    }

    /** The devices ordered so that each comes after its parent, as the registry needs parents to exist. */
    private static List<Identity> parentsFirst(Map<String, Identity> devices) {
        List<Identity> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        List<Identity> pending = new ArrayList<>(devices.values());
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = pending.removeIf(device -> {
                String parent = device.parentId();
                if (parent == null || placed.contains(parent) || !devices.containsKey(parent)) {
                    ordered.add(device);
                    placed.add(device.id().deviceId());
                    return true;
                }
                return false;
            });
        }
        ordered.addAll(pending); // a cycle: the registry refuses it, by name
        return ordered;
    }

    private void put(Identity identity) {
        try {
            registry.put(identity);
        } catch (IllegalArgumentException e) {
            LOG.error("Cannot apply identity {} from the parent: {}", identity.id(), e.getMessage());
        }
    }

    private void removeMissing(Set<String> devices, Set<IdentityId> modules) {
        for (Identity device : registry.devices()) {
            String deviceId = device.id().deviceId();
            if (!devices.contains(deviceId) && !deviceId.equals(ownDeviceId)) {
                registry.remove(device.id());
                LOG.info("Removed device {}: the parent no longer has it", deviceId);
            } else if (!deviceId.equals(ownDeviceId)) {
                registry.modules(deviceId).stream().map(Identity::id).filter(id -> !modules.contains(id))
                        .forEach(registry::remove);
            }
        }
    }
}
