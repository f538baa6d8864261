package io.strata.itests.hierarchy;

import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The hierarchy with MQTT upstream links, to each parent's MQTT TLS listener, built from one site file by
 * {@code edge:config-bundles} at the hub: the parent and the child are set up by their config bundles only.
 */
public class HierarchyMqttIT extends HierarchyTests {

    /** The child's deployment in the site file: the sample filter, and a route upstream. */
    private static final String SITE_MANIFEST = """
            {"modulesContent": {
              "$edgeAgent": {"properties.desired": {
                "schemaVersion": "1.1",
                "runtime": {"type": "karaf"},
                "systemModules": {
                  "edgeAgent": {"type": "karaf-feature", "settings": {"feature": "strata-agent"}},
                  "edgeHub": {"type": "karaf-feature", "status": "running", "restartPolicy": "always", "settings": {"feature": "strata-node"}}
                },
                "modules": {
                  "filtermodule": {"version": "1.0", "type": "karaf-feature", "status": "running", "restartPolicy": "always",
                    "settings": {"feature": "strata-sample-filter", "configurationPid": "io.strata.samples.filter"}}
                }}},
              "$edgeHub": {"properties.desired": {
                "schemaVersion": "1.1",
                "routes": {"upstream": "FROM /messages/* INTO $upstream"},
                "storeAndForwardConfiguration": {"timeToLiveSecs": 7200}}},
              "filtermodule": {"properties.desired": {"TemperatureThreshold": 25}}
            }}
            """;

    @BeforeClass
    public static void startTheTree() throws Exception {
        startTheTreeFromASiteFile("mqtt", EdgeNode::mqttPort, SITE_MANIFEST);
    }

    @Test
    public void t0b_theDeploymentNamedInTheSiteFileRunsOnTheChild() throws Exception {
        child.awaitOutput("edge:modules", modules -> running(modules, "filtermodule"), TIMEOUT,
                "the deployment of the site file does not run on the child");
    }
}
