package io.strata.itests.hierarchy;

import org.junit.BeforeClass;

/**
 * The hierarchy with MQTT upstream links, to each parent's MQTT TLS listener, set up node by node with the
 * shell: each node authenticates at its parent with a shared access key.
 */
public class HierarchyMqttIT extends HierarchyTests {

    @BeforeClass
    public static void startTheTree() throws Exception {
        startTheTree("mqtt", EdgeNode::mqttPort);
    }
}
