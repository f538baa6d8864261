package io.strata.agent.internal.manifest;

import java.util.Map;
import java.util.Objects;

/**
 * One module of the {@code $edgeAgent} desired properties, validated.
 *
 * @param repository       the feature repository URL of a {@code karaf-feature} module; null for a feature
 *                         from the repositories the node knows, and for a {@code bundle} module
 * @param feature          the feature name, optionally {@code name/version}, of a {@code karaf-feature} module, else null
 * @param location         the bundle location of a {@code bundle} module, else null
 * @param configurationPid the factory PID of the module's configuration, or null for {@code io.strata.module.<name>}
 * @param env              the configuration properties, in manifest order
 */
public record ModuleSpec(String name, ModuleType type, String version, boolean running, RestartPolicy restartPolicy,
        String repository, String feature, String location, String configurationPid, Map<String, String> env,
        long startupOrder) {

    /** Whether the two run the same code, so that going from one to the other needs no reinstall. */
    public boolean sameCode(ModuleSpec other) {
        return type == other.type && version.equals(other.version) && Objects.equals(repository, other.repository)
                && Objects.equals(feature, other.feature) && Objects.equals(location, other.location);
    }

    /** Whether the two hand the module the same configuration. */
    public boolean sameConfiguration(ModuleSpec other) {
        return Objects.equals(configurationPid, other.configurationPid) && env.equals(other.env);
    }

    /** The feature's name, without a version. */
    public String featureName() {
        int slash = feature.indexOf('/');
        return slash < 0 ? feature : feature.substring(0, slash);
    }

    /** The feature's version, or null for the newest the repository has. */
    public String featureVersion() {
        int slash = feature.indexOf('/');
        return slash < 0 ? null : feature.substring(slash + 1);
    }
}
