package io.strata.itests.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.strata.itests.process.KarafNode;
import io.strata.itests.support.EdgeHubClients;
import io.strata.itests.support.ModuleMessages;
import io.strata.itests.support.Routes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Routes between modules of a real node, as IoT Edge users write them in the {@code $edgeHub} section
 * of a deployment manifest: MQTT modules publish on their outputs, the router stores each message
 * durably before the PUBACK and delivers it to the inputs its routes name, in order, by priority,
 * within its time to live.
 */
public class RoutingIT {

    private static final String HOSTNAME = "routing-node.test";
    private static final String NODE_DEVICE = "routing-node";
    private static final List<String> MODULES = List.of("sender", "receiver", "drained", "prioritised", "ephemeral");

    private static KarafNode node;
    private static EdgeHubClients clients;

    @BeforeClass
    public static void startNode() throws Exception {
        node = KarafNode.create("routing");
        clients = EdgeHubClients.configure(node, HOSTNAME, NODE_DEVICE);
        node.start();
        for (String module : MODULES) {
            node.execute("edge:module-identity-add " + NODE_DEVICE + " " + module);
        }
        Routes.deploy(node, NODE_DEVICE, """
                {
                  "schemaVersion": "1.1",
                  "routes": {
                    "hot": "FROM /messages/modules/sender/outputs/temperature WHERE $body.machine.temperature > 30 INTO BrokeredEndpoint(\\"/modules/receiver/inputs/hot\\")",
                    "sequence": "FROM /messages/modules/sender/outputs/sequence INTO BrokeredEndpoint(\\"/modules/drained/inputs/sequence\\")",
                    "urgent": {"route": "FROM /messages/modules/sender/outputs/levels WHERE $body.level = \\"urgent\\" INTO BrokeredEndpoint(\\"/modules/prioritised/inputs/levels\\")", "priority": 0},
                    "routine": {"route": "FROM /messages/modules/sender/outputs/levels WHERE $body.level = \\"routine\\" INTO BrokeredEndpoint(\\"/modules/prioritised/inputs/levels\\")", "priority": 5},
                    "shortLived": {"route": "FROM /messages/modules/sender/outputs/ephemeral INTO BrokeredEndpoint(\\"/modules/ephemeral/inputs/ephemeral\\")", "timeToLiveSecs": 5}
                  },
                  "storeAndForwardConfiguration": {"timeToLiveSecs": 7200}
                }
                """);
        clients.awaitBroker(clients.tlsUri(), NODE_DEVICE + "/sender");
        Routes.awaitRoutes(node, 5);
    }

    @AfterClass
    public static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void aModuleOutputReachesAnotherModulesInputWhenItsBodyMatchesTheCondition() throws Exception {
        MqttClient receiver = clients.connect(NODE_DEVICE + "/receiver");
        BlockingQueue<String> received = ModuleMessages.subscribeToInputs(receiver, NODE_DEVICE, "receiver");
        MqttClient sender = clients.connect(NODE_DEVICE + "/sender");
        try {
            ModuleMessages.sendOnOutput(sender, NODE_DEVICE, "sender", "temperature", "{\"machine\":{\"temperature\":20.5}}");
            ModuleMessages.sendOnOutput(sender, NODE_DEVICE, "sender", "temperature", "{\"machine\":{\"temperature\":35.1}}");

            String delivery = received.poll(15, TimeUnit.SECONDS);
            assertNotNull("the hot message did not arrive", delivery);
            assertTrue(delivery, delivery.startsWith("devices/" + NODE_DEVICE + "/modules/receiver/inputs/hot/"));
            assertTrue(delivery, delivery.endsWith(" {\"machine\":{\"temperature\":35.1}}"));
            assertNull("the cool message was routed too", received.poll(2, TimeUnit.SECONDS));
        } finally {
            EdgeHubClients.close(sender);
            EdgeHubClients.close(receiver);
        }
    }

    @Test
    public void anUpdateWithABrokenRouteIsRefusedWholeAndTheRoutesInForceKeepDelivering() throws Exception {
        // A merge patch that breaks 'hot' (an ill-typed condition) and adds a route.
        Routes.deploy(node, NODE_DEVICE, """
                {"routes": {
                  "hot": "FROM /messages/modules/sender/outputs/temperature WHERE none or true INTO BrokeredEndpoint(\\"/modules/receiver/inputs/hot\\")",
                  "added": "FROM /messages/modules/sender/outputs/added INTO $upstream"}}
                """);

        String status = Routes.awaitEdgeHubStatus(node, NODE_DEVICE, 400);
        assertTrue(status, status.contains("route 'hot'") && status.contains("line 1:62")
                && status.contains("invalid operands to 'or'"));
        String routes = node.execute("edge:routes");
        assertTrue(routes, routes.contains("$body.machine.temperature > 30") && !routes.contains("added"));
        aModuleOutputReachesAnotherModulesInputWhenItsBodyMatchesTheCondition();

        // After a restart the desired properties are still refused, and the routes in force still stay.
        node.stop();
        node.start();
        clients.awaitBroker(clients.tlsUri(), NODE_DEVICE + "/sender");
        Routes.awaitRoutes(node, 5);
        routes = node.execute("edge:routes");
        assertTrue(routes, routes.contains("$body.machine.temperature > 30") && !routes.contains("added"));
        aModuleOutputReachesAnotherModulesInputWhenItsBodyMatchesTheCondition();
    }

    @Test
    public void aDisconnectedModulesInputQueuesAndDrainsInOrderWhenItComesBack() throws Exception {
        MqttClient sender = clients.connect(NODE_DEVICE + "/sender");
        try {
            for (int i = 0; i < 50; i++) {
                ModuleMessages.sendOnOutput(sender, NODE_DEVICE, "sender", "sequence", "{\"n\":" + i + "}");
            }
        } finally {
            EdgeHubClients.close(sender);
        }
        assertEquals("50", Routes.queueColumn(node, "/modules/drained/inputs/sequence", "Depth"));

        MqttClient drained = clients.connect(NODE_DEVICE + "/drained");
        try {
            BlockingQueue<String> received = ModuleMessages.subscribeToInputs(drained, NODE_DEVICE, "drained");
            for (int i = 0; i < 50; i++) {
                String delivery = received.poll(15, TimeUnit.SECONDS);
                assertNotNull("message " + i + " did not arrive", delivery);
                assertTrue(delivery, delivery.endsWith(" {\"n\":" + i + "}"));
            }
        } finally {
            EdgeHubClients.close(drained);
        }
    }

    @Test
    public void higherPriorityMessagesAreDeliveredFirst() throws Exception {
        MqttClient sender = clients.connect(NODE_DEVICE + "/sender");
        try {
            for (int i = 0; i < 3; i++) {
                ModuleMessages.sendOnOutput(sender, NODE_DEVICE, "sender", "levels", "{\"level\":\"routine\",\"n\":" + i + "}");
            }
            for (int i = 0; i < 3; i++) {
                ModuleMessages.sendOnOutput(sender, NODE_DEVICE, "sender", "levels", "{\"level\":\"urgent\",\"n\":" + i + "}");
            }
        } finally {
            EdgeHubClients.close(sender);
        }

        MqttClient prioritised = clients.connect(NODE_DEVICE + "/prioritised");
        try {
            BlockingQueue<String> received = ModuleMessages.subscribeToInputs(prioritised, NODE_DEVICE, "prioritised");
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String delivery = received.poll(15, TimeUnit.SECONDS);
                assertNotNull("only " + bodies + " arrived", delivery);
                bodies.add(delivery.substring(delivery.indexOf(' ') + 1));
            }
            assertEquals(List.of("{\"level\":\"urgent\",\"n\":0}", "{\"level\":\"urgent\",\"n\":1}",
                    "{\"level\":\"urgent\",\"n\":2}", "{\"level\":\"routine\",\"n\":0}",
                    "{\"level\":\"routine\",\"n\":1}", "{\"level\":\"routine\",\"n\":2}"), bodies);
        } finally {
            EdgeHubClients.close(prioritised);
        }
    }

    @Test
    public void messagesOlderThanTheirRoutesTimeToLiveAreDroppedAndCounted() throws Exception {
        // The token first: the shell takes a while, and the fresh message has only seconds to live.
        String receiverToken = clients.token(NODE_DEVICE + "/ephemeral");
        MqttClient sender = clients.connect(NODE_DEVICE + "/sender");
        try {
            for (int i = 0; i < 3; i++) {
                ModuleMessages.sendOnOutput(sender, NODE_DEVICE, "sender", "ephemeral", "{\"stale\":" + i + "}");
            }
            Thread.sleep(6000);
            ModuleMessages.sendOnOutput(sender, NODE_DEVICE, "sender", "ephemeral", "{\"fresh\":true}");
        } finally {
            EdgeHubClients.close(sender);
        }

        MqttClient ephemeral = clients.connect(NODE_DEVICE + "/ephemeral", receiverToken);
        try {
            BlockingQueue<String> received = ModuleMessages.subscribeToInputs(ephemeral, NODE_DEVICE, "ephemeral");
            String delivery = received.poll(15, TimeUnit.SECONDS);
            assertNotNull(delivery);
            assertTrue(delivery, delivery.endsWith(" {\"fresh\":true}"));
            assertNull(received.poll(2, TimeUnit.SECONDS));
        } finally {
            EdgeHubClients.close(ephemeral);
        }
        assertEquals("3", Routes.queueColumn(node, "/modules/ephemeral/inputs/ephemeral", "Expired"));
    }
}
