package io.strata.itests.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import io.strata.itests.process.KarafNode;
import io.strata.itests.support.EdgeHubClients;
import io.strata.itests.support.ModuleMessages;
import io.strata.itests.support.Routes;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.After;
import org.junit.Test;

/**
 * Every message the edge hub acknowledged survives {@code kill -9} of the Karaf process: after the
 * restart the module it is routed to gets all of them.
 */
public class StoreAndForwardCrashIT {

    private static final String HOSTNAME = "crash-node.test";
    private static final String NODE_DEVICE = "crash-node";
    private static final int MESSAGES = 300;

    private KarafNode node;

    @After
    public void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void acknowledgedMessagesPendingForAnOfflineModuleArriveAfterTheProcessWasKilled() throws Exception {
        node = KarafNode.create("crash");
        EdgeHubClients clients = EdgeHubClients.configure(node, HOSTNAME, NODE_DEVICE);
        node.start();
        node.execute("edge:module-identity-add " + NODE_DEVICE + " sender");
        node.execute("edge:module-identity-add " + NODE_DEVICE + " offline");
        Routes.deploy(node, NODE_DEVICE, """
                {
                  "schemaVersion": "1.1",
                  "routes": {
                    "toOffline": "FROM /messages/modules/sender/* INTO BrokeredEndpoint(\\"/modules/offline/inputs/in\\")"
                  }
                }
                """);
        clients.awaitBroker(clients.tlsUri(), NODE_DEVICE + "/sender");
        Routes.awaitRoutes(node, 1);

        MqttClient sender = clients.connect(NODE_DEVICE + "/sender");
        for (int i = 0; i < MESSAGES; i++) {
            ModuleMessages.sendOnOutput(sender, NODE_DEVICE, "sender", "out", "{\"n\":" + i + "}");
        }
        EdgeHubClients.close(sender);
        node.kill();

        node.start();
        clients.awaitBroker(clients.tlsUri(), NODE_DEVICE + "/sender");
        MqttClient offline = clients.connect(NODE_DEVICE + "/offline");
        try {
            BlockingQueue<String> received = ModuleMessages.subscribeToInputs(offline, NODE_DEVICE, "offline");
            Set<Integer> numbers = new TreeSet<>();
            Pattern number = Pattern.compile("\\{\"n\":(\\d+)}$");
            while (numbers.size() < MESSAGES) {
                String delivery = received.poll(30, TimeUnit.SECONDS);
                assertNotNull("after the restart only " + numbers.size() + " of " + MESSAGES + " arrived", delivery);
                Matcher matcher = number.matcher(delivery);
                if (matcher.find()) {
                    numbers.add(Integer.parseInt(matcher.group(1)));
                }
            }
            assertEquals(MESSAGES, numbers.size());
        } finally {
            EdgeHubClients.close(offline);
        }
    }
}
