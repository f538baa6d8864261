package io.strata.api.agent;

import java.time.Instant;

/**
 * A deployed module as the agent sees it.
 *
 * @param name             the module id
 * @param type             {@code karaf-feature} or {@code bundle}
 * @param version          the manifest's version string
 * @param desiredStatus    {@code running} or {@code stopped}
 * @param runtimeStatus    {@code running}, {@code stopped}, {@code failed}, {@code backoff} or {@code unhealthy}
 * @param description      why it is not running as desired; empty when it is
 * @param restartPolicy    {@code never}, {@code on-failure}, {@code on-unhealthy} or {@code always}
 * @param restartCount     restarts made by the restart policy
 * @param startTime        when it last started; null when it never did
 * @param lastExitTime     when it last stopped or failed; null when it never did
 * @param lastRestartTime  when it was last restarted; null when it never was
 */
public record ModuleStatus(String name, String type, String version, String desiredStatus, String runtimeStatus,
        String description, String restartPolicy, int restartCount, Instant startTime, Instant lastExitTime,
        Instant lastRestartTime) {
}
