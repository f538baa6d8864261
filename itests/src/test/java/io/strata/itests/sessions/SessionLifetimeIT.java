package io.strata.itests.sessions;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.strata.itests.StrataContainer;
import io.strata.itests.process.KarafNode;
import io.strata.itests.support.EdgeHubClients;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Sessions on a real node last no longer than their credentials, over MQTT (Paho) and AMQP (Proton-J):
 * they end when the SAS token expires, and when the identity is disabled, removed or re-keyed from the
 * shell. The AMQP listener closes connections that do not authenticate in time, at every stage, and
 * bounds how many may wait; garbage from a peer costs one WARN line in the log.
 */
public class SessionLifetimeIT {

    private static final String HOSTNAME = "sessions-node.test";
    private static final String NODE_DEVICE = "sessions-node";
    private static final int CONNECT_TIMEOUT_SECONDS = 3;
    private static final int MAX_UNAUTHENTICATED = 5;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);

    private static KarafNode node;
    private static EdgeHubClients clients;
    private static int amqpPort;

    @BeforeClass
    public static void startNode() throws Exception {
        node = KarafNode.create("session-lifetime");
        clients = EdgeHubClients.configure(node, HOSTNAME, NODE_DEVICE);
        amqpPort = Integer.parseInt(StrataContainer.freePort());
        node.setProperty("io.strata.amqp.cfg", "port", Integer.toString(amqpPort));
        node.setProperty("io.strata.amqp.cfg", "connectTimeoutSeconds", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        node.setProperty("io.strata.amqp.cfg", "maxUnauthenticatedConnections", Integer.toString(MAX_UNAUTHENTICATED));
        node.start();
        for (String device : List.of("expiring", "disabled", "removed", "rekeyed")) {
            node.execute("edge:device-add -p " + NODE_DEVICE + " " + device);
        }
        clients.awaitBroker(clients.tlsUri(), "expiring");
        awaitAmqpListener();
    }

    @AfterClass
    public static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void mqttAndAmqpSessionsEndWhenTheirSasTokenExpires() throws Exception {
        String token = shortLivedToken("expiring", "primary", 6);
        MqttClient mqtt = clients.connect("expiring", token);
        try (BlockingAmqpClient amqp = amqpPlain("expiring", token)) {
            Instant connected = Instant.now();
            Thread.sleep(2000);
            assertTrue(mqtt.isConnected());
            assertFalse(amqp.closed().isDone());

            awaitDisconnected(mqtt);
            amqp.closed().get(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(Duration.between(connected, Instant.now()).toSeconds() >= 3);
        } finally {
            mqtt.close();
        }
    }

    @Test
    public void disablingOrRemovingAnIdentityEndsItsMqttAndAmqpSessions() throws Exception {
        for (String[] change : List.of(new String[] {"disabled", "edge:device-disable disabled"},
                new String[] {"removed", "edge:device-remove removed"})) {
            String device = change[0];
            MqttClient mqtt = clients.connect(device);
            try (BlockingAmqpClient amqp = amqpPlain(device, clients.token(device))) {
                Thread.sleep(1000);
                assertFalse(amqp.closed().isDone());

                node.execute(change[1]);

                awaitDisconnected(mqtt);
                amqp.closed().get(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS);
            } finally {
                mqtt.close();
            }
        }
    }

    @Test
    public void reKeyingEndsTheSessionsOfTheRegeneratedKeyAndNoOthers() throws Exception {
        String primary = shortLivedToken("rekeyed", "primary", 3600);
        String secondary = shortLivedToken("rekeyed", "secondary", 3600);
        MqttClient mqttByPrimary = clients.connect("rekeyed", primary);
        try (BlockingAmqpClient amqpByPrimary = amqpPlain("rekeyed", primary);
                BlockingAmqpClient amqpBySecondary = amqpPlain("rekeyed", secondary)) {
            Thread.sleep(1000);
            assertFalse(amqpByPrimary.closed().isDone());

            node.execute("edge:device-regenerate-key rekeyed primary");

            awaitDisconnected(mqttByPrimary);
            amqpByPrimary.closed().get(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS);
            Thread.sleep(2000);
            assertFalse(amqpBySecondary.closed().isDone());
            // The MQTT session of the other key stays too; it is connected after the change, as
            // an MQTT client id has one session at a time.
            MqttClient mqttBySecondary = clients.connect("rekeyed", secondary);
            try {
                node.execute("edge:device-regenerate-key rekeyed primary");
                Thread.sleep(2000);
                assertTrue(mqttBySecondary.isConnected());
            } finally {
                EdgeHubClients.close(mqttBySecondary);
            }
        } finally {
            mqttByPrimary.close();
        }
    }

    @Test
    public void anAmqpConnectionThatDoesNotAuthenticateInTimeIsClosedAtEveryStage() throws Exception {
        try (Socket tcp = new Socket("127.0.0.1", amqpPort);
                SSLSocket tls = (SSLSocket) clients.trustingTheNode().getSocketFactory().createSocket("127.0.0.1", amqpPort);
                BlockingAmqpClient anonymous = BlockingAmqpClient.anonymous(clients.trustingTheNode(), amqpPort, HOSTNAME)) {
            tls.startHandshake();
            Instant opened = Instant.now();

            assertClosedWithin(tcp, CLOSE_WAIT);
            assertClosedWithin(tls, CLOSE_WAIT);
            anonymous.closed().get(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(Duration.between(opened, Instant.now()).toSeconds() >= CONNECT_TIMEOUT_SECONDS - 1);
        }
        String log = karafLog();
        for (String stage : List.of("stalled in the TLS handshake", "stalled in SASL", "stalled in the CBS put-token")) {
            assertTrue(stage, log.contains(stage));
        }
    }

    @Test
    public void beyondTheBoundFurtherUnauthenticatedAmqpConnectionsAreClosedAtOnce() throws Exception {
        Thread.sleep((CONNECT_TIMEOUT_SECONDS + 1) * 1000L); // earlier tests' stalled connections are gone
        List<Socket> waiting = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < MAX_UNAUTHENTICATED; i++) {
                waiting.add(new Socket("127.0.0.1", amqpPort));
            }
            Thread.sleep(500);
            try (Socket refused = new Socket("127.0.0.1", amqpPort)) {
                assertClosedWithin(refused, Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS - 1));
            }
        } finally {
            for (Socket socket : waiting) {
                socket.close();
            }
        }
        assertTrue(karafLog().contains("have not authenticated yet, the bound (maxUnauthenticatedConnections)"));
    }

    @Test
    public void garbageFromAPeerLogsOneWarningLinePerConnection() throws Exception {
        int mqttPeer;
        try (Socket mqtt = clients.trustingTheNode().getSocketFactory().createSocket("127.0.0.1", clients.tlsPort())) {
            mqtt.getOutputStream().write(new byte[] {0x00, 0x00, 0x00, 0x00});
            mqtt.getOutputStream().flush();
            assertClosedWithin(mqtt, CLOSE_WAIT);
            mqttPeer = mqtt.getLocalPort();
        }
        int amqpPeer;
        try (Socket amqp = clients.trustingTheNode().getSocketFactory().createSocket("127.0.0.1", amqpPort)) {
            amqp.getOutputStream().write("not AMQP at all\r\n".getBytes(StandardCharsets.US_ASCII));
            amqp.getOutputStream().flush();
            assertClosedWithin(amqp, CLOSE_WAIT);
            amqpPeer = amqp.getLocalPort();
        }
        Thread.sleep(1000);
        for (int peer : List.of(mqttPeer, amqpPeer)) {
            List<String> lines = karafLog().lines().filter(line -> line.contains("127.0.0.1:" + peer + " ")).toList();
            assertEquals(lines.toString(), 1, lines.size());
            assertTrue(lines.get(0), lines.get(0).contains("WARN"));
        }
    }

    private static String shortLivedToken(String device, String key, int ttlSeconds) throws Exception {
        String[] lines = node.execute("edge:device-token -t " + ttlSeconds + " -k " + key + " " + device)
                .strip().split("\\R");
        return lines[lines.length - 1].strip();
    }

    private static BlockingAmqpClient amqpPlain(String device, String token) throws Exception {
        return BlockingAmqpClient.plain(clients.trustingTheNode(), amqpPort, HOSTNAME, device, token);
    }

    private static String karafLog() throws IOException {
        return Files.readString(node.home().resolve("data/log/karaf.log"));
    }

    private static void awaitAmqpListener() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            try (BlockingAmqpClient probe = amqpPlain("expiring", clients.token("expiring"))) {
                Thread.sleep(1000);
                if (!probe.closed().isDone()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no AMQP listener on port " + amqpPort + ", see karaf.log");
            }
            Thread.sleep(1000);
        }
    }

    private static void awaitDisconnected(MqttClient client) throws InterruptedException {
        Instant deadline = Instant.now().plus(CLOSE_WAIT);
        while (client.isConnected() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertFalse(client.getClientId() + " is still connected", client.isConnected());
    }

    private static void assertClosedWithin(Socket socket, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            while (socket.getInputStream().read() >= 0) {
                // whatever the node says before it closes
            }
        } catch (SSLException | SocketException e) {
            // reset, or closed in the middle of a TLS record: closed all the same
        }
    }
}
