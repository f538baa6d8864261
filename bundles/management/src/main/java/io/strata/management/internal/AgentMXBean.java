package io.strata.management.internal;

import java.util.List;

/**
 * {@code io.strata:type=agent}: the deployment in force and its modules, and the operations an
 * operator runs on them ({@code restartModule}, {@code deploy}: admin only under Karaf's JMX ACLs).
 */
public interface AgentMXBean {

    /** A deployed module as {@code edge:modules} shows it; times ISO-8601, empty when not yet. */
    record Module(String name, String type, String version, String desiredStatus, String runtimeStatus,
            String description, String restartPolicy, int restartCount, String startTime, String lastExitTime) {
    }

    /** The status of the last deployment: 200 applied, 400 invalid, 412 unsupported schema, 417 empty, 500 failed. */
    int getDeploymentCode();

    String getDeploymentDescription();

    /** The {@code $edgeAgent} version the running modules come from; 0 when none was applied. */
    long getAppliedVersion();

    List<Module> getModules();

    /**
     * Restarts a deployed module now.
     *
     * @return the module's runtime status after the restart
     * @throws IllegalArgumentException naming a module that is not deployed
     */
    String restartModule(String moduleId);

    /**
     * Applies a deployment manifest (JSON) to this node, as {@code edge:deploy} does.
     *
     * @return the status code and description, e.g. {@code 200 applied}
     */
    String deploy(String manifest);
}
