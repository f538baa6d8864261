package io.strata.itests.process;

import static org.junit.Assert.assertTrue;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** What a node is told through its shell is still there after the node restarts. */
public class NodeRestartIT {

    private static KarafNode node;

    @BeforeClass
    public static void startNode() throws Exception {
        node = KarafNode.create("restart");
        node.start();
    }

    @AfterClass
    public static void stopNode() throws Exception {
        node.close();
    }

    @Test
    public void answersAfterRestart() throws Exception {
        assertTrue(node.execute("edge:version").contains("Strata"));
        node.stop();
        node.start();
        assertTrue(node.execute("edge:version").contains("Strata"));
    }
}
