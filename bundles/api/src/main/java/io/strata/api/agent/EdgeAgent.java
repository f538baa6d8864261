package io.strata.api.agent;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The edge agent: turns the {@code $edgeAgent} desired properties of a deployment manifest into
 * running modules (Karaf features and bundles) and keeps them running per their restart policy.
 */
@ProviderType
public interface EdgeAgent {

    /**
     * Validates a deployment manifest and, when it is valid, sets the desired properties it holds
     * ({@code $edgeAgent}, {@code $edgeHub}, each module's) in this node's twins, replacing what they
     * held; then waits until the agent has applied it. An invalid manifest changes no twin and no
     * module; the returned status says why (400, 412 or 417).
     */
    DeploymentStatus deploy(String manifest);

    /**
     * Validates a deployment manifest for another edge device of the tree and, when it is valid, sets
     * the desired properties it holds in that device's twins on this node ({@code {deviceId}/$edgeAgent},
     * {@code {deviceId}/$edgeHub}, each module's), from where the twin sync carries them down to the
     * device's node. For this node's own device it is {@link #deploy}.
     *
     * <p>It does not wait for that device: its status is the node's to report, in its
     * {@code $edgeAgent} reported properties, which reach this node by the twin sync.
     *
     * @return 200 once the twins are set, or the validation status (400, 412, 417); 404 when this
     *         node's registry has no such device, 400 when it is no edge device. For another device
     *         the applied version and manifest are not known here: 0 and empty.
     */
    DeploymentStatus deployTo(String deviceId, String manifest);

    /** The outcome of the last desired properties the agent saw, and what it runs now. */
    DeploymentStatus deployment();

    /** The modules of the applied deployment, in startup order. */
    List<ModuleStatus> modules();

    /**
     * Restarts a module now, whatever its restart policy; this restart is not counted.
     *
     * @throws IllegalArgumentException when no module of that name is deployed
     */
    ModuleStatus restartModule(String moduleId);
}
