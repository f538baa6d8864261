package io.strata.itests.hub;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.strata.itests.process.KarafNode;
import io.strata.itests.support.EdgeHubClients;
import io.strata.itests.support.Routes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * {@code edge:monitor-events} through the remote shell, as an operator runs it with bin/client: a
 * 256 KB event arrives whole, which needs the remote shell to deliver all of a command's output before
 * it closes the SSH session (bundle strata-ssh).
 */
public class MonitorEventsIT {

    private static final String HOSTNAME = "monitor-node.test";
    private static final String NODE_DEVICE = "monitor-node";
    private static final String DEVICE = "sensor-1";
    /** IoT Hub's largest message, less the JSON around the text. */
    private static final int TEXT_CHARACTERS = 256 * 1024 - 16;

    private static KarafNode node;
    private static EdgeHubClients clients;

    @BeforeClass
    public static void startNode() throws Exception {
        node = KarafNode.create("monitor-events");
        clients = EdgeHubClients.configure(node, HOSTNAME, NODE_DEVICE);
        node.start();
        node.execute("feature:install strata-hub");
        node.execute("edge:device-add -p " + NODE_DEVICE + " " + DEVICE);
        Routes.deploy(node, NODE_DEVICE, """
                {"schemaVersion": "1.1", "routes": {"toHub": "FROM /messages/* INTO $upstream"},
                 "storeAndForwardConfiguration": {"timeToLiveSecs": 7200}}""");
        Routes.awaitRoutes(node, 1);
        clients.awaitBroker(clients.tlsUri(), DEVICE);
    }

    @AfterClass
    public static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void printsA256KilobyteEventWhole() throws Exception {
        String text = "x".repeat(TEXT_CHARACTERS - 1) + "!";
        String body = "{\"text\":\"" + text + "\"}";
        MqttClient device = clients.connect(DEVICE);
        try {
            device.setTimeToWait(30_000);
            device.publish("devices/" + DEVICE + "/messages/events/", body.getBytes(StandardCharsets.UTF_8), 1, false);
        } finally {
            EdgeHubClients.close(device);
        }

        String output = node.executeWithBinClient("edge:monitor-events --from-start --count 1 --timeout 60");

        List<String> events = output.lines().filter(line -> line.startsWith("{\"event\"")).toList();
        assertEquals("one event expected, the output ends with: "
                + output.substring(Math.max(0, output.length() - 300)), 1, events.size());
        String event = events.get(0);
        assertTrue("the event is cut, it ends with: " + event.substring(Math.max(0, event.length() - 300)),
                event.contains("\"payload\":{\"text\":\"" + text + "\"}") && event.endsWith("}}}"));
    }
}
