package io.strata.agent.internal.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.agent.internal.manifest.DeploymentManifest;
import io.strata.agent.internal.manifest.ManifestException;
import io.strata.api.routing.EdgeHubSettingsValidator;
import io.strata.api.routing.InvalidEdgeHubSettingsException;

/**
 * Refuses a deployment manifest whose {@code $edgeHub} section the router would refuse (a route that
 * does not compile, say), before any twin or module changes: the router would keep its old routes
 * while the manifest reported success.
 */
final class EdgeHubRoutesCheck {
    private final EdgeHubSettingsValidator router;

    EdgeHubRoutesCheck(EdgeHubSettingsValidator router) {
        this.router = router;
    }

    /** @throws ManifestException 400 naming each refused route and its column, or 412 for an unknown schema version */
    void check(DeploymentManifest manifest) throws ManifestException {
        ObjectNode edgeHub = manifest.twins().get(DeploymentManifest.EDGE_HUB);
        if (edgeHub == null) {
            return;
        }
        try {
            router.validate(edgeHub.toString());
        } catch (InvalidEdgeHubSettingsException e) {
            throw new ManifestException(e.status(), "modulesContent.$edgeHub: " + e.getMessage());
        }
    }
}
