package io.strata.itests.config;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.strata.api.node.NodeSettings;
import io.strata.itests.process.KarafNode;
import io.strata.itests.support.EdgeHubClients;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A bad value written into a real {@code etc/io.strata.*.cfg} of a running node is refused with a log
 * line naming the file, the key and the value, and the component keeps running on its previous
 * settings: the MQTT listener stays on its port and keeps taking messages, which the router
 * acknowledges. Restoring each value applies it, so the components also take good changes. On the
 * same node, {@code edge:check} passes, and fails naming a parent that does not answer, and
 * {@code edge:support-bundle} writes a zip with every section and without the node's secrets.
 */
public class ConfigurationErrorsIT {

    private static final String HOSTNAME = "config-node.test";
    private static final String NODE_DEVICE = "config-node";
    private static final String DEVICE = "sensor-1";
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SETTLED = Duration.ofSeconds(4);
    private static final String CONFIGURATION_UPDATED = "| fileinstall ";
    private static final String BROKER_STARTED = "MQTT broker for " + HOSTNAME;

    private static KarafNode node;
    private static EdgeHubClients clients;

    @BeforeClass
    public static void startNode() throws Exception {
        node = KarafNode.create("configuration-errors");
        clients = EdgeHubClients.configure(node, HOSTNAME, NODE_DEVICE);
        node.start();
        node.execute("edge:device-add -p " + NODE_DEVICE + " " + DEVICE);
        clients.awaitBroker(clients.tlsUri(), DEVICE);
    }

    @AfterClass
    public static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void refusesANonNumericBrokerPortAndKeepsListeningOnTheOldOne() throws Exception {
        refusedAndStillServing("io.strata.broker.cfg", "tlsPort", "abc", "not a number",
                Integer.toString(clients.tlsPort()));
    }

    @Test
    public void refusesANegativeMaxMessageBytesAndKeepsTakingMessages() throws Exception {
        refusedAndStillServing("io.strata.broker.cfg", "maxMessageBytes", "-5", "less than 1", "262144");
    }

    @Test
    public void refusesAnUnknownKeyAlgorithmAndKeepsTheServerCertificate() throws Exception {
        refusedAndStillServing("io.strata.certs.cfg", "serverCertKeyAlgorithm", "RSA_512",
                "not one of [RSA_2048, RSA_4096, EC_P256]", "EC_P256");
    }

    @Test
    public void refusesAnUnknownFullPolicyAndKeepsRoutingTelemetry() throws Exception {
        refusedAndStillServing("io.strata.routing.cfg", "fullPolicy", "DROP_NEWEST",
                "not one of [REFUSE_NEW, DROP_OLDEST]", "REFUSE_NEW");
    }

    @Test
    public void refusesANonNumericHttpsPortAndKeepsListeningOnTheOldOne() throws Exception {
        int httpsPort = Integer.parseInt(property("io.strata.apiproxy.cfg", "port"));
        refusedAndStillServing("io.strata.apiproxy.cfg", "port", "abc", "not a number", Integer.toString(httpsPort),
                () -> new Socket(InetAddress.getLoopbackAddress(), httpsPort).close());
    }

    @Test
    public void refusesAnUpstreamRouteWithoutSlashAndKeepsListening() throws Exception {
        int httpsPort = Integer.parseInt(property("io.strata.apiproxy.cfg", "port"));
        refusedAndStillServing("io.strata.apiproxy.cfg", "upstreamRoutes", "v2", "the prefix 'v2' does not start with /",
                "/", () -> new Socket(InetAddress.getLoopbackAddress(), httpsPort).close());
    }

    @Test
    public void edgeCheckPassesOnAHealthyTopNodeAndSkipsTheParent() throws Exception {
        String report = node.execute("edge:check").replace("\r", "");
        assertTrue(report, report.contains("MQTT over TLS listener accepts connections - OK"));
        assertTrue(report, report.contains(" 0 error(s)"));
        String json = node.execute("edge:check --output json");
        for (String id : new String[] {"listener-mqtt-over-tls", "listener-amqp-over-tls", "store",
                "certificates-server", "certificates-expiry", "routes", "deployment"}) {
            assertCheck(json, id, "ok");
        }
        assertCheck(json, "parent-link", "skipped");
    }

    @Test
    public void edgeCheckFailsNamingAParentWhosePortDoesNotAnswer() throws Exception {
        int closedPort;
        try (ServerSocket vacated = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = vacated.getLocalPort();
        }
        node.setProperty("io.strata.node.cfg", "parentAddress", "127.0.0.1");
        node.setProperty("io.strata.node.cfg", "parentPort", Integer.toString(closedPort));
        node.setProperty("io.strata.node.cfg", ".upstreamSharedAccessKey", "c2VjcmV0");
        node.setProperty("io.strata.node.cfg", "parentHostname", "absent-parent.test");
        try {
            Instant deadline = Instant.now().plus(LOG_TIMEOUT);
            String json;
            do {
                Thread.sleep(500);
                json = node.outputOf("edge:check --output json");
            } while (!json.contains("port " + closedPort + " does not answer") && Instant.now().isBefore(deadline));
            assertCheck(json, "parent-reachable", "error");
            assertTrue(json, json.contains("\"detail\":\"127.0.0.1 (127.0.0.1) port " + closedPort + " does not answer"));
            assertCheck(json, "parent-link", "error");
            String report = node.executeExpectingFailure("edge:check --verbose").replace("\r", "");
            assertTrue(report, report.contains("parent's address resolves and its port answers\n    127.0.0.1"));
            assertTrue(report, report.contains("check(s) failed"));
        } finally {
            long restored = logSize();
            node.setProperty("io.strata.node.cfg", "parentHostname", "");
            node.setProperty("io.strata.node.cfg", ".upstreamSharedAccessKey", "");
            awaitSettled(restored);
        }
    }

    @Test
    public void aNodeSettingTheListenersDoNotUseLeavesThemAndTheirDevicesConnected() throws Exception {
        String connected = "sensor-connected"; // not DEVICE, which awaitSettled connects as
        node.execute("edge:device-add -p " + NODE_DEVICE + " " + connected);
        MqttClient device = clients.connect(connected);
        try {
            long logged = logSize();
            node.setProperty("io.strata.node.cfg", ".upstreamSharedAccessKey", "c2V0dGluZy1jaGFuZ2U=");
            awaitSettled(logged);
            String restarts = loggedSince(logged);
            for (String started : new String[] {BROKER_STARTED, "AMQP listener for", "Router started", "Edge agent started"}) {
                assertFalse(restarts, restarts.contains(started));
            }
            assertTrue("the device lost its connection", device.isConnected());
            assertADeviceStillSendsTelemetry();
        } finally {
            long restored = logSize();
            node.setProperty("io.strata.node.cfg", ".upstreamSharedAccessKey", "");
            awaitSettled(restored);
            EdgeHubClients.close(device);
        }
    }

    @Test
    public void supportBundleHoldsEverySectionAndNoSecret() throws Exception {
        String sharedAccessKey = "c3VwcG9ydC1idW5kbGUtdGVzdC1ub2RlLWtleQ==";
        String remotePassword = "support-bundle-remote-password";
        long logged = logSize();
        node.setProperty("io.strata.node.cfg", ".upstreamSharedAccessKey", sharedAccessKey);
        node.setProperty("io.strata.registry.cfg", "remotePasswords", remotePassword);
        awaitSettled(logged);
        try {
            // the broker (a service) has the key in its configuration: no service shows it to service:list or JMX
            String services = node.execute("service:list");
            assertTrue(services, services.contains(NodeSettings.PARENT_HOSTNAME));
            assertFalse("a service property holds the node's key", services.contains(sharedAccessKey));
            String output = node.execute("edge:support-bundle --since 1h support.zip");
            Path zip = node.home().resolve("support.zip"); // relative to the node's folder
            assertTrue(output, output.contains("Wrote ") && Files.isRegularFile(zip));
            Map<String, String> entries = zipEntries(zip);
            for (String entry : new String[] {"settings/io.strata.node.cfg", "settings/org.ops4j.pax.url.mvn.cfg",
                    "checks.json", "topology.json", "routing.json", "agent.json", "clients.json", "certificates.json",
                    "versions.json", "jvm.json", "threads.txt", "logs/karaf.log"}) {
                assertTrue(entry + " is missing from " + entries.keySet(), entries.containsKey(entry));
            }
            assertTrue(entries.get("settings/io.strata.node.cfg").contains(".upstreamSharedAccessKey = <removed>"));
            assertCheck(entries.get("checks.json").replaceAll("\\s+", ""), "listener-mqtt-over-tls", "ok");
            assertTrue(entries.get("topology.json"), entries.get("topology.json").contains("\"" + DEVICE + "\""));
            assertTrue(entries.get("versions.json"), entries.get("versions.json").contains("io.strata.support"));
            assertTrue(entries.get("versions.json"), entries.get("versions.json").contains("strata-node/"));
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                assertFalse(entry.getKey() + " holds the node's key", entry.getValue().contains(sharedAccessKey));
                assertFalse(entry.getKey() + " holds a password", entry.getValue().contains(remotePassword));
            }

            String refused = node.executeExpectingFailure("edge:support-bundle no/such/folder/support.zip");
            assertTrue(refused, refused.contains("cannot write ") && refused.contains("no/such/folder does not exist"));
        } finally {
            long restored = logSize();
            node.setProperty("io.strata.node.cfg", ".upstreamSharedAccessKey", "");
            node.setProperty("io.strata.registry.cfg", "remotePasswords", "");
            awaitSettled(restored);
        }
    }

    private static Map<String, String> zipEntries(Path zip) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    /** The JSON report of edge:check has the check with that status. */
    private static void assertCheck(String json, String id, String status) {
        assertTrue(id + " is not " + status + " in " + json,
                json.matches("(?s).*\"id\":\"" + id + "\",\"description\":\"[^\"]*\",\"status\":\"" + status + "\".*"));
    }

    private static void refusedAndStillServing(String file, String key, String badValue, String problem,
            String goodValue) throws Exception {
        refusedAndStillServing(file, key, badValue, problem, goodValue,
                ConfigurationErrorsIT::assertADeviceStillSendsTelemetry);
    }

    /** What a component still serves while a bad value is refused. */
    private interface StillServing {
        void check() throws Exception;
    }

    private static void refusedAndStillServing(String file, String key, String badValue, String problem,
            String goodValue, StillServing stillServing) throws Exception {
        long logged = logSize();
        node.setProperty(file, key, badValue);
        try {
            awaitLogLine(logged, "etc/" + file + ": " + key + " = " + badValue + ": " + problem);
            stillServing.check();
        } finally {
            node.setProperty(file, key, goodValue);
            clients.awaitBroker(clients.tlsUri(), DEVICE);
        }
    }

    private static void assertADeviceStillSendsTelemetry() throws Exception {
        MqttClient device = clients.connect(DEVICE);
        try {
            device.setTimeToWait(10_000);
            device.publish("devices/" + DEVICE + "/messages/events/", "{\"t\":21}".getBytes(StandardCharsets.UTF_8),
                    1, false);
        } finally {
            EdgeHubClients.close(device);
        }
    }

    private static String property(String file, String key) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(node.home().resolve("etc").resolve(file))) {
            properties.load(reader);
        }
        return properties.getProperty(key);
    }

    private static long logSize() throws IOException {
        Path log = log();
        return Files.exists(log) ? Files.size(log) : 0;
    }

    private static void awaitLogLine(long from, String expected) throws Exception {
        Instant deadline = Instant.now().plus(LOG_TIMEOUT);
        while (true) {
            String logged = loggedSince(from);
            if (logged.contains(expected)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no log line with '" + expected + "' within " + LOG_TIMEOUT + " in " + log()
                        + "; logged meanwhile:\n" + logged);
            }
            Thread.sleep(500);
        }
    }

    /**
     * Waits until the node has taken a configuration change written after the log reached {@code from}, has
     * neither taken another nor restarted its broker for {@link #SETTLED}, and the broker accepts a device:
     * changes written one after another reach the node as separate updates, and a check made while one
     * restarts the broker finds no listener.
     */
    private static void awaitSettled(long from) throws Exception {
        awaitLogLine(from, CONFIGURATION_UPDATED);
        Instant deadline = Instant.now().plus(LOG_TIMEOUT);
        for (long seen = logSize(); ; seen = logSize()) {
            Thread.sleep(SETTLED.toMillis());
            String logged = loggedSince(seen);
            if (!logged.contains(BROKER_STARTED) && !logged.contains(CONFIGURATION_UPDATED)) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the broker kept restarting for " + LOG_TIMEOUT + ", see " + log());
            }
        }
        clients.awaitBroker(clients.tlsUri(), DEVICE);
    }

    private static String loggedSince(long from) throws IOException {
        byte[] bytes = Files.readAllBytes(log());
        return new String(bytes, (int) Math.min(from, bytes.length), (int) Math.max(0, bytes.length - from),
                StandardCharsets.UTF_8);
    }

    private static Path log() {
        return node.home().resolve("data/log/karaf.log");
    }
}
