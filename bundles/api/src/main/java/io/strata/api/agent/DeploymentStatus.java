package io.strata.api.agent;

/**
 * The outcome of the last {@code $edgeAgent} desired properties the agent saw, as it reports it in
 * {@code lastDesiredVersion} and {@code lastDesiredStatus}.
 *
 * @param desiredVersion   the {@code $version} of the desired properties the status refers to
 * @param code             200 applied, 400 invalid, 412 unsupported schemaVersion, 417 empty, 500 failed
 * @param description      what went wrong, or what was applied
 * @param appliedVersion   the {@code $version} of the desired properties the running modules come from;
 *                         0 when none was ever applied
 * @param appliedManifest  the {@code $edgeAgent} desired properties the running modules come from, as
 *                         indented JSON; empty when none was ever applied
 */
public record DeploymentStatus(long desiredVersion, int code, String description, long appliedVersion,
        String appliedManifest) {

    public boolean isSuccess() {
        return code == 200;
    }
}
