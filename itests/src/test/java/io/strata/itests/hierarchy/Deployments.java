package io.strata.itests.hierarchy;

/** Deployment manifests of a node in a tree: the system modules every node runs, and the test's own parts. */
final class Deployments {

    private Deployments() {
    }

    /**
     * A manifest with the agent and the edge hub as system modules.
     *
     * @param modules the members of {@code $edgeAgent}'s {@code modules} object
     * @param edgeHubDesired {@code $edgeHub}'s desired properties, an object
     * @param moduleTwins further members of {@code modulesContent} (modules' desired properties), or empty
     */
    static String manifest(String modules, String edgeHubDesired, String moduleTwins) {
        return """
                {"modulesContent": {
                  "$edgeAgent": {"properties.desired": {
                    "schemaVersion": "1.1",
                    "runtime": {"type": "karaf"},
                    "systemModules": {
                      "edgeAgent": {"type": "karaf-feature", "settings": {"feature": "strata-agent"}},
                      "edgeHub": {"type": "karaf-feature", "status": "running", "restartPolicy": "always", "settings": {"feature": "strata-node"}}
                    },
                    "modules": {%s}}},
                  "$edgeHub": {"properties.desired": %s}%s
                }}
                """.formatted(modules, edgeHubDesired, moduleTwins.isEmpty() ? "" : ",\n" + moduleTwins);
    }

    /** The sample filter module's settings and its desired properties, as a member of {@code modulesContent}. */
    static final String FILTER_MODULE = """
            "filtermodule": {"version": "1.0", "type": "karaf-feature", "status": "running", "restartPolicy": "always",
              "settings": {"feature": "strata-sample-filter", "configurationPid": "io.strata.samples.filter"}}""";

    static final String FILTER_TWIN = """
            "filtermodule": {"properties.desired": {"TemperatureThreshold": 25}}""";
}
