package io.strata.agent.internal.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.agent.internal.manifest.DeploymentManifest;
import io.strata.agent.internal.manifest.ManifestException;
import io.strata.api.agent.DeploymentStatus;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.twin.TwinService;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what a deployment manifest sets into the desired sections of a device's module twins on
 * this node: {@code {device}/$edgeAgent}, {@code {device}/$edgeHub} and each module's. For this
 * node's device the agent then applies them; for a device below, the twin sync carries them down to
 * that device's node, whose agent applies them there.
 */
final class ManifestTwins {

    /** The status of a deployment to a device this node does not know. */
    static final int UNKNOWN_DEVICE = 404;

    private static final Logger LOG = LoggerFactory.getLogger(ManifestTwins.class);

    private final TwinService twins;
    private final Function<IdentityId, Optional<Identity>> identities;
    private final EdgeHubRoutesCheck edgeHubCheck;

    ManifestTwins(TwinService twins, Function<IdentityId, Optional<Identity>> identities, EdgeHubRoutesCheck edgeHubCheck) {
        this.twins = twins;
        this.identities = identities;
        this.edgeHubCheck = edgeHubCheck;
    }

    /**
     * Replaces the desired sections of the device's twins with the manifest's, {@code $edgeAgent}
     * last: its change is what sets an agent going, and the other twins are ready by then.
     *
     * @throws IllegalArgumentException when a twin refuses its section (too large, say)
     */
    void write(String deviceId, DeploymentManifest manifest) {
        for (Map.Entry<String, ObjectNode> twin : manifest.twins().entrySet()) {
            if (!twin.getKey().equals(DeploymentManifest.EDGE_AGENT)) {
                twins.replaceDesired(IdentityId.module(deviceId, twin.getKey()), twin.getValue().toString());
            }
        }
        twins.replaceDesired(IdentityId.module(deviceId, DeploymentManifest.EDGE_AGENT),
                manifest.twins().get(DeploymentManifest.EDGE_AGENT).toString());
    }

    /**
     * Validates a manifest for another edge device and writes its twins, without waiting for that
     * device: there is no agent for it on this node. Synchronized, so that two deliveries to one
     * device do not mix their sections.
     *
     * @return 200 when the twins are written; 404 for an unknown device, 400 for one that is no edge
     *         device, or the manifest's validation status. Nothing is applied here, so the applied
     *         version and manifest are 0 and empty.
     */
    synchronized DeploymentStatus deliver(String deviceId, String text) {
        LOG.info("Deployment manifest for {} received ({} characters)", deviceId, text == null ? 0 : text.length());
        IdentityId agent;
        try {
            agent = IdentityId.module(deviceId, DeploymentManifest.EDGE_AGENT);
        } catch (IllegalArgumentException e) {
            return refused(deviceId, 0, ManifestException.INVALID, e.getMessage());
        }
        long before = twins.get(agent).desiredVersion();
        Optional<Identity> device = identities.apply(IdentityId.device(deviceId));
        if (device.isEmpty()) {
            return refused(deviceId, before, UNKNOWN_DEVICE, "There is no device '" + deviceId
                    + "' in this node's registry: add it with edge:device-add -k edge");
        }
        if (!device.get().isEdgeDevice()) {
            return refused(deviceId, before, ManifestException.INVALID,
                    "'" + deviceId + "' is a leaf device: only edge devices run deployments");
        }
        try {
            DeploymentManifest manifest = DeploymentManifest.parse(text);
            edgeHubCheck.check(manifest);
            write(deviceId, manifest);
        } catch (ManifestException e) {
            return refused(deviceId, before, e.code(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return refused(deviceId, before, ManifestException.INVALID, e.getMessage());
        }
        long version = twins.get(agent).desiredVersion();
        LOG.info("Deployment for {} written at $edgeAgent version {}: its node applies it", deviceId, version);
        return new DeploymentStatus(version, 200, "accepted, delivered to " + deviceId + " by its parent", 0, "");
    }

    private static DeploymentStatus refused(String deviceId, long version, int code, String description) {
        LOG.error("Deployment manifest for {} refused ({}): {}", deviceId, code, description);
        return new DeploymentStatus(version, code, description, 0, "");
    }
}
