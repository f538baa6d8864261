package io.strata.itests.mqtt;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.strata.itests.StrataContainer;
import io.strata.itests.process.KarafNode;
import io.strata.itests.support.EdgeHubClients;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;

/**
 * Devices reach the edge hub of a real node over MQTT as the IoT Hub SDKs do: TLS against the
 * node's certificate, the node's hostname in the user name and a SAS token as password, or a
 * self-signed client certificate registered by thumbprint. Every refusal is followed by a
 * well-behaved device that still connects and works.
 *
 * <p>"Works" means a QoS 1 publish to the device's own topic is acknowledged and delivered to its own
 * subscription; routing itself is RoutingIT's.
 *
 * <p>Twins, direct methods and cloud-to-device messages work as in IoT Hub, driven from the node's
 * shell, and each device only ever hears its own twin answers, desired changes and method requests.
 */
public class MqttEdgeHubIT {

    private static final String HOSTNAME = "mqtt-node.test";
    private static final String NODE_DEVICE = "mqtt-node";
    private static final String API_VERSION = "?api-version=2021-04-12";
    private static final long UNACKNOWLEDGED_WAIT_MILLIS = 3000;
    private static final Duration BROKER_START_TIMEOUT = Duration.ofSeconds(60);
    private static final String KEY_ALIAS = "device";
    private static final char[] KEY_PASSWORD = "device-key".toCharArray();

    private static KarafNode node;
    private static int tlsPort;
    private static int plainPort;
    private static EdgeHubClients clients;
    private static SSLContext presentingTheRegisteredCertificate;
    private static SSLContext presentingAnotherCertificate;

    @BeforeClass
    public static void startNode() throws Exception {
        node = KarafNode.create("mqtt-edge-hub");
        clients = EdgeHubClients.configure(node, HOSTNAME, NODE_DEVICE);
        tlsPort = clients.tlsPort();
        plainPort = Integer.parseInt(StrataContainer.freePort());
        node.setProperty("io.strata.broker.cfg", "plainListenerEnabled", "true");
        node.setProperty("io.strata.broker.cfg", "plainPort", Integer.toString(plainPort));
        node.start();

        node.execute("edge:device-add -p " + NODE_DEVICE + " sensor-1");
        node.execute("edge:device-add -p " + NODE_DEVICE + " sensor-2");
        node.execute("edge:device-add -p " + NODE_DEVICE + " sensor-off");
        node.execute("edge:device-disable sensor-off");
        node.execute("edge:device-add stray");

        Path certificates = node.home().resolveSibling("device-certificates");
        KeyStore registered = selfSignedKeyStore(certificates.resolve("sensor-cert.p12"), "sensor-cert");
        presentingTheRegisteredCertificate = presenting(registered);
        presentingAnotherCertificate = presenting(selfSignedKeyStore(certificates.resolve("other.p12"), "sensor-cert"));
        node.execute("edge:device-add -p " + NODE_DEVICE + " --auth x509-thumbprint --primary-thumbprint "
                + sha256Thumbprint(registered.getCertificate(KEY_ALIAS)) + " sensor-cert");
        clients.awaitBroker(tlsUri(), "sensor-1");
    }

    @AfterClass
    public static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void aDeviceWithASasTokenConnectsOverTlsAndUsesItsOwnTopics() throws Exception {
        MqttClient device = connect(tlsUri(), "sensor-1", token("sensor-1"));
        try {
            assertOwnMessageComesBack(device, "sensor-1");
        } finally {
            close(device);
        }
    }

    @Test
    public void aDeviceConnectsWithTheCertificateItsThumbprintNames() throws Exception {
        MqttClient device = connect(tlsUri(), presentingTheRegisteredCertificate, "sensor-cert", "");
        try {
            assertOwnMessageComesBack(device, "sensor-cert");
        } finally {
            close(device);
        }
    }

    @Test
    public void refusesAnotherCertificateOrNoneForAThumbprintDevice() throws Exception {
        assertRefused(() -> connect(tlsUri(), presentingAnotherCertificate, "sensor-cert", ""));
        assertRefused(() -> connect(tlsUri(), clients.trustingTheNode(), "sensor-cert", ""));
        // The plain listener relays without any client certificate.
        assertRefused(() -> connect("tcp://127.0.0.1:" + plainPort, null, "sensor-cert", ""));
        assertAGoodDeviceStillWorks();
    }

    @Test
    public void aDevicesTelemetryIsAcknowledgedByTheRouter() throws Exception {
        MqttClient device = connect(tlsUri(), "sensor-1", token("sensor-1"));
        try {
            device.setTimeToWait(10_000);
            device.publish("devices/sensor-1/messages/events/%24.mid=1", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
        } finally {
            close(device);
        }
    }

    @Test
    public void refusesATokenSignedWithAnotherKey() throws Exception {
        String randomKey = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
        assertRefused("sensor-1", sasToken("sensor-1", randomKey, Instant.now().plus(Duration.ofHours(1))));
        assertAGoodDeviceStillWorks();
    }

    @Test
    public void refusesATokenWithATamperedSignature() throws Exception {
        String token = token("sensor-1");
        Matcher signature = Pattern.compile("sig=([^&]+)").matcher(token);
        assertTrue(token, signature.find());
        byte[] tampered = Base64.getDecoder().decode(URLDecoder.decode(signature.group(1), StandardCharsets.UTF_8));
        tampered[0] ^= 1;
        assertRefused("sensor-1", token.replace(signature.group(1),
                URLEncoder.encode(Base64.getEncoder().encodeToString(tampered), StandardCharsets.UTF_8)));
        assertAGoodDeviceStillWorks();
    }

    @Test
    public void refusesAnExpiredToken() throws Exception {
        // Well past the 300 seconds of clock skew the node allows.
        assertRefused("sensor-1", sasToken("sensor-1", key("sensor-1"), Instant.now().minus(Duration.ofHours(1))));
        assertAGoodDeviceStillWorks();
    }

    @Test
    public void refusesAnUnknownDevice() throws Exception {
        String anyKey = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
        assertRefused("ghost", sasToken("ghost", anyKey, Instant.now().plus(Duration.ofHours(1))));
        assertAGoodDeviceStillWorks();
    }

    @Test
    public void refusesADisabledDevice() throws Exception {
        assertRefused("sensor-off", token("sensor-off"));
        assertAGoodDeviceStillWorks();
    }

    @Test
    public void refusesADeviceThatIsNotBelowThisNode() throws Exception {
        assertRefused("stray", token("stray"));
        assertAGoodDeviceStillWorks();
    }

    @Test
    public void refusesPublishingAsAnotherDevice() throws Exception {
        MqttClient victim = connect(tlsUri(), "sensor-2", token("sensor-2"));
        MqttClient impostor = connect(tlsUri(), "sensor-1", token("sensor-1"));
        try {
            BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
            victim.subscribe("devices/sensor-2/messages/devicebound/#", 1,
                    (topic, message) -> received.add(message.getPayload()));

            assertNotAcknowledged(impostor, "devices/sensor-2/messages/devicebound/forged");
            assertNotAcknowledged(impostor, "devices/sensor-2/messages/events/");
            assertNull("sensor-2 received what sensor-1 sent in its name", received.poll(1, TimeUnit.SECONDS));
        } finally {
            close(impostor);
            close(victim);
        }
        assertAGoodDeviceStillWorks();
    }

    @Test
    public void refusesSubscribingToAnotherDevicesTopics() throws Exception {
        MqttClient device = connect(tlsUri(), "sensor-1", token("sensor-1"));
        try {
            MqttException refused = assertThrows(MqttException.class,
                    () -> device.subscribe("devices/sensor-2/messages/devicebound/#", 1));
            assertEquals(MqttException.REASON_CODE_SUBSCRIBE_FAILED, refused.getReasonCode());
            assertThrows(MqttException.class, () -> device.subscribe("devices/+/messages/devicebound/#", 1));
        } finally {
            close(device);
        }
        assertAGoodDeviceStillWorks();
    }

    @Test
    public void thePlainLoopbackListenerReachesTheSameBroker() throws Exception {
        MqttClient device = connect("tcp://127.0.0.1:" + plainPort, "sensor-1", token("sensor-1"));
        try {
            assertOwnMessageComesBack(device, "sensor-1");
        } finally {
            close(device);
        }
    }

    @Test
    public void movesTheTlsListenerWhenItsPortChangesWithoutRestartingKaraf() throws Exception {
        int oldPort = tlsPort;
        int newPort = Integer.parseInt(StrataContainer.freePort());
        node.setProperty("io.strata.broker.cfg", "tlsPort", Integer.toString(newPort));
        clients.awaitBroker("ssl://127.0.0.1:" + newPort, "sensor-1");
        tlsPort = newPort;
        clients = new EdgeHubClients(node, HOSTNAME, tlsPort);
        try (Socket socket = new Socket()) {
            assertThrows(ConnectException.class,
                    () -> socket.connect(new InetSocketAddress("127.0.0.1", oldPort), 2000));
        }
        assertAGoodDeviceStillWorks();
    }

    @Test
    public void aDeviceGetsItsTwinAndPatchesItsReportedPropertiesAlone() throws Exception {
        MqttClient device = connect(tlsUri(), "sensor-1", token("sensor-1"));
        MqttClient neighbour = connect(tlsUri(), "sensor-2", token("sensor-2"));
        try {
            BlockingQueue<Delivery> responses = subscribe(device, "$iothub/twin/res/#");
            BlockingQueue<Delivery> overheard = subscribe(neighbour, "$iothub/twin/res/#");

            device.publish("$iothub/twin/GET/?$rid=get-1", new byte[0], 1, false);
            Delivery twin = next(responses);
            assertEquals("$iothub/twin/res/200/?$rid=get-1", twin.topic());
            long version = reportedVersion(twin.payload());

            device.publish("$iothub/twin/PATCH/properties/reported/?$rid=patch-1",
                    "{\"firmware\":\"1.2.3\"}".getBytes(StandardCharsets.UTF_8), 1, false);
            assertEquals("$iothub/twin/res/204/?$rid=patch-1&$version=" + (version + 1), next(responses).topic());
            String shown = node.execute("edge:twin show sensor-1");
            assertTrue(shown, shown.contains("1.2.3"));

            device.publish("$iothub/twin/GET/?$rid=get-2", new byte[0], 1, false);
            Delivery again = next(responses);
            assertEquals(version + 1, reportedVersion(again.payload()));
            assertTrue(again.payload(), again.payload().contains("\"firmware\":\"1.2.3\""));

            device.publish("$iothub/twin/PATCH/properties/reported/?$rid=patch-2",
                    "[1,2]".getBytes(StandardCharsets.UTF_8), 1, false);
            Delivery refused = next(responses);
            assertEquals("$iothub/twin/res/400/?$rid=patch-2", refused.topic());
            assertTrue(refused.payload(), refused.payload().contains("\"message\""));

            assertNull("sensor-2 overheard sensor-1's twin", overheard.poll(1, TimeUnit.SECONDS));
        } finally {
            close(neighbour);
            close(device);
        }
    }

    @Test
    public void aDeviceHearsOfItsDesiredChanges() throws Exception {
        MqttClient device = connect(tlsUri(), "sensor-1", token("sensor-1"));
        MqttClient neighbour = connect(tlsUri(), "sensor-2", token("sensor-2"));
        try {
            BlockingQueue<Delivery> patches = subscribe(device, "$iothub/twin/PATCH/properties/desired/#");
            BlockingQueue<Delivery> overheard = subscribe(neighbour, "$iothub/twin/PATCH/properties/desired/#");

            Matcher set = Pattern.compile("\\$version (\\d+)")
                    .matcher(node.execute("edge:twin set-desired sensor-1 '{\"interval\":30}'"));
            assertTrue(set.find());
            Delivery patch = next(patches);
            assertEquals("$iothub/twin/PATCH/properties/desired/?$version=" + set.group(1), patch.topic());
            assertEquals("{\"interval\":30,\"$version\":" + set.group(1) + "}", patch.payload());
            assertNull("sensor-2 overheard sensor-1's desired change", overheard.poll(1, TimeUnit.SECONDS));
        } finally {
            close(neighbour);
            close(device);
        }
    }

    @Test
    public void aDeviceAnswersADirectMethodInvokedFromTheShell() throws Exception {
        MqttClient device = connect(tlsUri(), "sensor-1", token("sensor-1"));
        try {
            BlockingQueue<Delivery> requests = subscribe(device, "$iothub/methods/POST/#");
            CompletableFuture<String> invoked = CompletableFuture.supplyAsync(() -> execute(
                    "edge:method-invoke --timeout 20 sensor-1 reboot '{\"delay\":5}'"));

            Delivery request = next(requests);
            Matcher rid = Pattern.compile("\\$iothub/methods/POST/reboot/\\?\\$rid=([^&]+)").matcher(request.topic());
            assertTrue(request.topic(), rid.matches());
            assertEquals("{\"delay\":5}", request.payload());
            // An answer with a rid nobody waits for is ignored; the right one is taken.
            device.publish("$iothub/methods/res/500/?$rid=unknown-" + rid.group(1), new byte[0], 1, false);
            device.publish("$iothub/methods/res/200/?$rid=" + rid.group(1),
                    "{\"rebooted\":true}".getBytes(StandardCharsets.UTF_8), 1, false);

            String output = invoked.get(30, TimeUnit.SECONDS);
            assertTrue(output, output.contains("Status: 200"));
            assertTrue(output, output.contains("{\"rebooted\":true}"));
        } finally {
            close(device);
        }
    }

    @Test
    public void aDirectMethodToADeviceThatIsNotListeningIsNotFound() throws Exception {
        String unconnected = node.execute("edge:method-invoke sensor-2 reboot '{}'");
        assertTrue(unconnected, unconnected.contains("Status: 404"));
        String unknown = node.execute("edge:method-invoke ghost reboot '{}'");
        assertTrue(unknown, unknown.contains("Status: 404"));
        MqttClient connectedButNotSubscribed = connect(tlsUri(), "sensor-1", token("sensor-1"));
        try {
            String output = node.execute("edge:method-invoke sensor-1 reboot '{}'");
            assertTrue(output, output.contains("Status: 404"));
        } finally {
            close(connectedButNotSubscribed);
        }
    }

    @Test
    public void aDirectMethodThatIsNotAnsweredTimesOut() throws Exception {
        MqttClient silent = connect(tlsUri(), "sensor-1", token("sensor-1"));
        try {
            BlockingQueue<Delivery> requests = subscribe(silent, "$iothub/methods/POST/#");
            String output = node.execute("edge:method-invoke --timeout 2 sensor-1 reboot '{}'");
            assertTrue(output, output.contains("Status: 504"));
            assertTrue("the request reached the device", next(requests).topic().startsWith("$iothub/methods/POST/reboot/"));
        } finally {
            close(silent);
        }
    }

    @Test
    public void aDeviceReceivesACloudToDeviceMessageWithItsProperties() throws Exception {
        MqttClient device = connect(tlsUri(), "sensor-1", token("sensor-1"));
        try {
            BlockingQueue<Delivery> messages = subscribe(device, "devices/sensor-1/messages/devicebound/#");
            node.execute("edge:c2d-send -p kind=command sensor-1 'calibrate now'");
            Delivery message = next(messages);
            assertEquals("calibrate now", message.payload());
            assertTrue(message.topic(), message.topic().startsWith("devices/sensor-1/messages/devicebound/"));
            assertTrue(message.topic(), message.topic().contains("kind=command"));
        } finally {
            close(device);
        }
    }

    @Test
    public void clientsSubscribeOnlyToTheEdgeHubsAnswersUnderIothub() throws Exception {
        MqttClient device = connect(tlsUri(), "sensor-1", token("sensor-1"));
        try {
            assertThrows(MqttException.class, () -> device.subscribe("$iothub/#", 1));
            assertThrows(MqttException.class, () -> device.subscribe("$iothub/twin/GET/#", 1));
        } finally {
            close(device);
        }
        assertAGoodDeviceStillWorks();
    }

    private static void assertRefused(String deviceId, String password) {
        assertRefused(() -> connect(tlsUri(), deviceId, password));
    }

    private static void assertRefused(ThrowingRunnable connecting) {
        MqttSecurityException refused = assertThrows(MqttSecurityException.class, connecting);
        assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, refused.getReasonCode());
    }

    private static void assertAGoodDeviceStillWorks() throws Exception {
        MqttClient device = connect(tlsUri(), "sensor-1", token("sensor-1"));
        try {
            assertOwnMessageComesBack(device, "sensor-1");
        } finally {
            close(device);
        }
    }

    /** A QoS 1 publish to the device's own topic is acknowledged and reaches its own subscription. */
    private static void assertOwnMessageComesBack(MqttClient device, String deviceId) throws Exception {
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        device.subscribe("devices/" + deviceId + "/messages/devicebound/#", 1,
                (topic, message) -> received.add(message.getPayload()));
        byte[] probe = ("probe " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        device.publish("devices/" + deviceId + "/messages/devicebound/probe", probe, 1, false);
        assertArrayEquals(probe, received.poll(10, TimeUnit.SECONDS));
    }

    /** A message a client received. */
    private record Delivery(String topic, String payload) {
    }

    private static BlockingQueue<Delivery> subscribe(MqttClient client, String topicFilter) throws MqttException {
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        client.subscribe(topicFilter, 1, (topic, message) ->
                received.add(new Delivery(topic, new String(message.getPayload(), StandardCharsets.UTF_8))));
        return received;
    }

    private static Delivery next(BlockingQueue<Delivery> deliveries) throws InterruptedException {
        Delivery delivery = deliveries.poll(10, TimeUnit.SECONDS);
        assertNotNull("nothing received within 10 seconds", delivery);
        return delivery;
    }

    private static long reportedVersion(String twinDocument) {
        Matcher version = Pattern.compile("\"reported\":\\{.*\"\\$version\":(\\d+)\\}").matcher(twinDocument);
        assertTrue(twinDocument, version.find());
        return Long.parseLong(version.group(1));
    }

    /** A shell command for another thread, failing with the output when the command fails. */
    private static String execute(String command) {
        try {
            return node.execute(command);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertNotAcknowledged(MqttClient device, String topic) {
        device.setTimeToWait(UNACKNOWLEDGED_WAIT_MILLIS);
        try {
            MqttException unacknowledged = assertThrows(MqttException.class,
                    () -> device.publish(topic, "x".getBytes(StandardCharsets.UTF_8), 1, false));
            assertEquals(MqttException.REASON_CODE_CLIENT_TIMEOUT, unacknowledged.getReasonCode());
        } finally {
            device.setTimeToWait(-1);
        }
    }

    private static MqttClient connect(String uri, String deviceId, String sasToken) throws Exception {
        return connect(uri, uri.startsWith("ssl:") ? clients.trustingTheNode() : null, deviceId, sasToken);
    }

    /** Connects with a SAS token, or with an empty password and the certificate {@code tls} presents. */
    private static MqttClient connect(String uri, SSLContext tls, String deviceId, String password)
            throws MqttException {
        return clients.connect(uri, tls, deviceId, password, true);
    }

    private static void close(MqttClient client) throws MqttException {
        EdgeHubClients.close(client);
    }

    private static String tlsUri() {
        return clients.tlsUri();
    }

    private static String token(String deviceId) throws Exception {
        return clients.token(deviceId);
    }

    private static String key(String deviceId) throws Exception {
        Matcher key = Pattern.compile("SharedAccessKey=([^;\\s]+)")
                .matcher(node.execute("edge:device-connection-string " + deviceId));
        assertTrue(key.find());
        return key.group(1);
    }

    /** A token signed here, the way the IoT Hub SDKs sign them. */
    private static String sasToken(String deviceId, String base64Key, Instant expiry) throws Exception {
        String resource = URLEncoder.encode(HOSTNAME + "/devices/" + deviceId, StandardCharsets.UTF_8);
        long se = expiry.getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
        String signature = Base64.getEncoder().encodeToString(
                mac.doFinal((resource + "\n" + se).getBytes(StandardCharsets.UTF_8)));
        return "SharedAccessSignature sr=" + resource + "&sig="
                + URLEncoder.encode(signature, StandardCharsets.UTF_8) + "&se=" + se;
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\\R");
        return lines[lines.length - 1].strip();
    }

    /** A self-signed device certificate and its key, made by the JDK's keytool as an operator would. */
    private static KeyStore selfSignedKeyStore(Path file, String commonName) throws Exception {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", KEY_ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + commonName, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", new String(KEY_PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(output, 0, keytool.waitFor());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, KEY_PASSWORD);
        }
        return keys;
    }

    private static String sha256Thumbprint(Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    /** A context that trusts the node and presents the key store's certificate. */
    private static SSLContext presenting(KeyStore keys) throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, KEY_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), clients.trustManagersOfTheNode(), null);
        return context;
    }
}
