package io.strata.itests.hierarchy;

import org.junit.BeforeClass;

/** The hierarchy with MQTT upstream links, to each parent's MQTT TLS listener. */
public class HierarchyMqttIT extends HierarchyTests {

    @BeforeClass
    public static void startTheTree() throws Exception {
        startTheTree("mqtt", EdgeNode::mqttPort);
    }
}
