package io.strata.itests.hierarchy;

import org.junit.BeforeClass;

/** The hierarchy with AMQP upstream links, to each parent's AMQP listener. */
public class HierarchyAmqpIT extends HierarchyTests {

    @BeforeClass
    public static void startTheTree() throws Exception {
        startTheTree("amqp", EdgeNode::amqpPort);
    }
}
