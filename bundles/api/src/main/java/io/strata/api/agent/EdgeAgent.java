package io.strata.api.agent;

import java.util.List;

/**
 * The edge agent: turns the {@code $edgeAgent} desired properties of a deployment manifest into
 * running modules (Karaf features and bundles) and keeps them running per their restart policy.
 */
public interface EdgeAgent {

    /**
     * Validates a deployment manifest and, when it is valid, sets the desired properties it holds
     * ({@code $edgeAgent}, {@code $edgeHub}, each module's) in this node's twins, replacing what they
     * held; then waits until the agent has applied it. An invalid manifest changes no twin and no
     * module; the returned status says why (400, 412 or 417).
     */
    DeploymentStatus deploy(String manifest);

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
