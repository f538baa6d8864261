package io.strata.itests.mqtt;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.InternalClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.transport.IotHubTransportMessage;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.device.twin.GetTwinCorrelatingMessageCallback;
import com.microsoft.azure.sdk.iot.device.twin.ReportedPropertiesUpdateCorrelatingMessageCallback;
import com.microsoft.azure.sdk.iot.device.twin.ReportedPropertiesUpdateResponse;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import io.strata.itests.process.KarafNode;
import io.strata.itests.support.EdgeHubClients;
import io.strata.itests.support.Routes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * The real Azure IoT device SDK for Java, unchanged, talks to a real node as it talks to IoT Hub
 * behind an IoT Edge gateway, over each of its protocols: MQTT (8883), AMQPS (5671), and MQTT and
 * AMQP over WebSockets (443). A connection string with {@code GatewayHostName} from the node's
 * shell, TLS against the node's server certificate (trusting the development root CA), and the
 * SDK's own user names, CBS tokens, topics, links and property bags.
 *
 * <p>For each protocol a device and a module of the node get their twin, report properties, hear of
 * a desired change and answer a direct method; the device gets a cloud-to-device message; the
 * device's telemetry and the module's output reach the module's inputs through the node's routes.
 *
 * <p>The SDK always dials those ports of the gateway host, so the node listens there, on loopback,
 * as {@code 127.0.0.1}; the class is skipped when something else holds one of them.
 */
@RunWith(Parameterized.class)
public class AzureDeviceSdkIT {

    /**
     * The node's hostname: the connection string's HostName and GatewayHostName. The SDK dials the
     * gateway host, and refuses a HostName without a dot ({@code [iotHubName].[...]}), so it is
     * not {@code localhost} but the loopback address, which the server certificate then carries
     * as an IP address.
     */
    private static final String HOSTNAME = "127.0.0.1";
    private static final String NODE_DEVICE = "sdk-node";
    private static final List<IotHubClientProtocol> PROTOCOLS = List.of(IotHubClientProtocol.MQTT,
            IotHubClientProtocol.AMQPS, IotHubClientProtocol.MQTT_WS, IotHubClientProtocol.AMQPS_WS);
    private static final int MQTT_PORT = 8883;
    private static final int AMQP_PORT = 5671;
    private static final int WEBSOCKET_PORT = 443;
    private static final Duration LISTENER_START_TIMEOUT = Duration.ofSeconds(60);
    private static final int OPERATION_TIMEOUT_MILLIS = 20_000;

    private static KarafNode node;
    private static SSLContext trustingTheNode;
    /** The connection string with GatewayHostName of each device and module, by identity. */
    private static final Map<String, String> CONNECTION_STRINGS = new HashMap<>();

    @Parameters(name = "{0}")
    public static List<IotHubClientProtocol> protocols() {
        return PROTOCOLS;
    }

    @Parameter
    public IotHubClientProtocol protocol;

    @BeforeClass
    public static void startNode() throws Exception {
        for (int port : new int[] {MQTT_PORT, AMQP_PORT, WEBSOCKET_PORT}) {
            assumeTrue("port " + port + " on 127.0.0.1 is in use; the Azure IoT device SDK only dials 8883, 5671"
                    + " and 443, so this test needs them free", portIsFree(port));
        }
        node = KarafNode.create("azure-device-sdk");
        node.setProperty("io.strata.node.cfg", "hostname", HOSTNAME);
        node.setProperty("io.strata.node.cfg", "deviceId", NODE_DEVICE);
        node.setProperty("io.strata.broker.cfg", "tlsPort", Integer.toString(MQTT_PORT));
        node.setProperty("io.strata.broker.cfg", "bindAddress", HOSTNAME);
        node.setProperty("io.strata.amqp.cfg", "port", Integer.toString(AMQP_PORT));
        node.setProperty("io.strata.amqp.cfg", "bindAddress", HOSTNAME);
        node.setProperty("io.strata.apiproxy.cfg", "port", Integer.toString(WEBSOCKET_PORT));
        node.setProperty("io.strata.apiproxy.cfg", "bindAddress", HOSTNAME);
        node.start();
        trustingTheNode = new EdgeHubClients(node, HOSTNAME, MQTT_PORT).trustingTheNode();
        StringBuilder routes = new StringBuilder();
        for (IotHubClientProtocol protocol : PROTOCOLS) {
            String name = name(protocol);
            node.execute("edge:device-add -p " + NODE_DEVICE + " " + name);
            node.execute("edge:module-identity-add " + NODE_DEVICE + " " + name);
            for (String identity : List.of(name, NODE_DEVICE + "/" + name)) {
                CONNECTION_STRINGS.put(identity, lastLine(node.execute("edge:device-connection-string -g " + identity)));
            }
            routes.append(String.format(Locale.ROOT, """
                    "telemetry_%1$s": "FROM /messages/* WHERE $connectionDeviceId = \\"%2$s\\" INTO BrokeredEndpoint(\\"/modules/%2$s/inputs/telemetry\\")",
                    "loop_%1$s": "FROM /messages/modules/%2$s/outputs/loop INTO BrokeredEndpoint(\\"/modules/%2$s/inputs/loopback\\")",
                    """, name.replace('-', '_'), name));
        }
        Routes.deploy(node, NODE_DEVICE, "{\"schemaVersion\": \"1.1\", \"routes\": {"
                + routes.toString().strip().replaceAll(",$", "") + "}}");
        for (IotHubClientProtocol protocol : PROTOCOLS) {
            awaitListener(protocol);
        }
        Routes.awaitRoutes(node, 2 * PROTOCOLS.size());
    }

    @AfterClass
    public static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void theDeviceGetsItsTwinReportsHearsOfDesiredChangesAndAnswersMethods() throws Exception {
        DeviceClient device = new DeviceClient(connectionString(name(protocol)), protocol, options());
        device.open(false);
        try {
            twinReportedDesiredAndMethod(device, name(protocol));
        } finally {
            device.close();
        }
    }

    @Test
    public void theModuleGetsItsTwinReportsHearsOfDesiredChangesAndAnswersMethods() throws Exception {
        String identity = NODE_DEVICE + "/" + name(protocol);
        ModuleClient module = new ModuleClient(connectionString(identity), protocol, options());
        module.open(false);
        try {
            twinReportedDesiredAndMethod(module, identity);
        } finally {
            module.close();
        }
    }

    /**
     * With a {@code GatewayHostName} the Java SDK takes the gateway for an IoT Edge hub and never
     * subscribes to cloud-to-device messages over MQTT (its MqttMessaging only does so without a
     * gateway; azure-iot-sdk-java issue 1561), so it cannot receive them through any gateway. This
     * device uses the connection string without one: the SDK then dials the node as its hub.
     */
    @Test
    public void theDeviceReceivesACloudToDeviceMessageWithItsProperty() throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        String withoutGateway = connectionString(name(protocol)).replace(";GatewayHostName=" + HOSTNAME, "");
        DeviceClient device = new DeviceClient(withoutGateway, protocol, options());
        device.setMessageCallback((message, context) -> {
            received.add(message);
            return IotHubMessageResult.COMPLETE;
        }, null);
        device.open(false);
        try {
            node.execute("edge:c2d-send -p kind=command " + name(protocol) + " 'calibrate now'");
            Message message = received.poll(20, TimeUnit.SECONDS);
            assertNotNull("no cloud-to-device message within 20 seconds", message);
            assertEquals("calibrate now", new String(message.getBytes(), StandardCharsets.UTF_8));
            assertEquals("command", message.getProperty("kind"));
        } finally {
            device.close();
        }
    }

    @Test
    public void theDevicesTelemetryAndTheModulesOutputReachTheModulesInputsThroughRoutes() throws Exception {
        ModuleClient module = new ModuleClient(connectionString(NODE_DEVICE + "/" + name(protocol)), protocol, options());
        BlockingQueue<String> inputs = new LinkedBlockingQueue<>();
        for (String input : List.of("telemetry", "loopback")) {
            module.setMessageCallback(input, (message, context) -> {
                inputs.add(input + " " + new String(message.getBytes(), StandardCharsets.UTF_8)
                        + (message.getProperty("seq") == null ? "" : " seq=" + message.getProperty("seq")));
                return IotHubMessageResult.COMPLETE;
            }, null);
        }
        module.open(false);
        DeviceClient device = new DeviceClient(connectionString(name(protocol)), protocol, options());
        device.open(false);
        try {
            device.sendEvent(new Message("{\"temperature\":21.5}"), OPERATION_TIMEOUT_MILLIS);
            assertEquals("telemetry {\"temperature\":21.5}", inputs.poll(20, TimeUnit.SECONDS));

            // Over MQTT the SDK ends a module's event topic with '/': the property keeps its value.
            Message output = new Message("{\"round\":1}");
            output.setProperty("seq", "0");
            module.sendEvent(output, "loop", OPERATION_TIMEOUT_MILLIS);
            assertEquals("loopback {\"round\":1} seq=0", inputs.poll(20, TimeUnit.SECONDS));
        } finally {
            device.close();
            module.close();
        }
    }

    private static void twinReportedDesiredAndMethod(InternalClient client, String identity) throws Exception {
        BlockingQueue<Twin> desiredUpdates = new LinkedBlockingQueue<>();
        // The SDK refuses getTwin before the desired properties subscription.
        client.subscribeToDesiredProperties((twin, context) -> desiredUpdates.add(twin), null,
                OPERATION_TIMEOUT_MILLIS);
        Twin twin = getTwin(client);
        Integer version = twin.getReportedProperties().getVersion();
        assertNotNull("the twin has a reported $version: " + twin, version);

        TwinCollection reported = new TwinCollection();
        reported.put("firmware", "1.2.3");
        reported.put("rpm", 1500);
        assertEquals(Integer.valueOf(version + 1), updateReportedProperties(client, reported));
        String shown = node.execute("edge:twin show " + identity);
        assertTrue(shown, shown.contains("\"firmware\"") && shown.contains("1.2.3") && shown.contains("1500"));
        Twin again = getTwin(client);
        assertEquals("1.2.3", again.getReportedProperties().get("firmware"));
        assertEquals(Integer.valueOf(version + 1), again.getReportedProperties().getVersion());

        Matcher set = Pattern.compile("\\$version (\\d+)")
                .matcher(node.execute("edge:twin set-desired " + identity + " '{\"interval\":30}'"));
        assertTrue(set.find());
        Twin update = desiredUpdates.poll(20, TimeUnit.SECONDS);
        while (update != null && !Integer.valueOf(set.group(1)).equals(update.getDesiredProperties().getVersion())) {
            update = desiredUpdates.poll(20, TimeUnit.SECONDS); // the subscription may also deliver the whole twin first
        }
        assertNotNull("no desired property update within 20 seconds", update);
        assertEquals(update.toString(), 30, ((Number) update.getDesiredProperties().get("interval")).intValue());

        BlockingQueue<String> invocations = new LinkedBlockingQueue<>();
        client.subscribeToMethods((method, payload, context) -> {
            invocations.add(method + " " + payload.getPayloadAsJsonString());
            return new DirectMethodResponse(200, Map.of("rebooted", true));
        }, null, OPERATION_TIMEOUT_MILLIS);
        CompletableFuture<String> invoked = CompletableFuture.supplyAsync(() -> execute(
                "edge:method-invoke --timeout 20 " + identity + " reboot '{\"delay\":5}'"));
        String output = invoked.get(40, TimeUnit.SECONDS);
        assertEquals("reboot {\"delay\":5}", invocations.poll(1, TimeUnit.SECONDS));
        assertTrue(output, output.contains("Status: 200"));
        assertTrue(output, output.contains("{\"rebooted\":true}"));
    }

    /** The SDK's {@code getTwin}, through {@link TwinAnswer}: asserts status 200 and parses the twin. */
    private static Twin getTwin(InternalClient client) throws Exception {
        TwinAnswer answer = new TwinAnswer();
        client.getTwinAsync(answer, null);
        IotHubTransportMessage response = answer.await("getTwin");
        assertEquals("status of the getTwin answer", 200, Integer.parseInt(response.getStatus()));
        return Twin.createFromPropertiesJson(new String(response.getBytes(), StandardCharsets.UTF_8));
    }

    /**
     * The SDK's {@code updateReportedProperties}, through {@link TwinAnswer}: asserts status 204 and
     * returns the new reported version.
     */
    private static Integer updateReportedProperties(InternalClient client, TwinCollection reported) throws Exception {
        TwinAnswer answer = new TwinAnswer();
        client.updateReportedPropertiesAsync(reported, answer, null);
        IotHubTransportMessage response = answer.await("updateReportedProperties");
        assertEquals("status of the reported patch answer", 204, Integer.parseInt(response.getStatus()));
        return response.getVersion();
    }

    /**
     * The answer to one twin request, as the SDK's correlating callbacks report it. The SDK's blocking
     * {@code getTwin} and {@code updateReportedProperties} now and then miss an answer that arrived
     * (azure-iot-sdk-java issue 1803, in 2.5.0): its transport hands the answer to its receive thread
     * before it looks up the request's callback, and the receive thread, once it has acknowledged the
     * answer, forgets that callback; {@code onResponseReceived} is then never called and the call times
     * out. The receive thread always calls {@code onResponseAcknowledged} before it forgets the callback,
     * so the answer is taken from whichever of the two comes first.
     */
    private static final class TwinAnswer
            implements GetTwinCorrelatingMessageCallback, ReportedPropertiesUpdateCorrelatingMessageCallback {

        private final CompletableFuture<IotHubTransportMessage> response = new CompletableFuture<>();

        @Override
        public void onRequestQueued(Message request, Object context) {
            // only the answer matters
        }

        @Override
        public void onRequestSent(Message request, Object context) {
            // only the answer matters
        }

        @Override
        public void onRequestAcknowledged(Message request, Object context, IotHubClientException e) {
            if (e != null) {
                response.completeExceptionally(e);
            }
        }

        @Override
        public void onResponseReceived(Twin twin, Message answer, Object context, IotHubStatusCode status,
                IotHubClientException e) {
            response.complete((IotHubTransportMessage) answer);
        }

        @Override
        public void onResponseReceived(Message answer, Object context, IotHubStatusCode status,
                ReportedPropertiesUpdateResponse update, IotHubClientException e) {
            response.complete((IotHubTransportMessage) answer);
        }

        @Override
        public void onResponseAcknowledged(Message answer, Object context) {
            response.complete((IotHubTransportMessage) answer);
        }

        IotHubTransportMessage await(String request) throws Exception {
            try {
                return response.get(OPERATION_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("no answer to " + request + " within " + OPERATION_TIMEOUT_MILLIS + " ms", e);
            }
        }
    }

    /** The identity names of a protocol: {@code sdk-mqttws} for MQTT_WS. */
    private static String name(IotHubClientProtocol protocol) {
        return "sdk-" + protocol.name().toLowerCase(Locale.ROOT).replace("_", "");
    }

    private static String connectionString(String identity) {
        String connectionString = CONNECTION_STRINGS.get(identity);
        assertTrue(connectionString, connectionString.contains(";GatewayHostName=" + HOSTNAME));
        return connectionString;
    }

    private static ClientOptions options() {
        return ClientOptions.builder().sslContext(trustingTheNode).build();
    }

    /** Waits until a device connects over the protocol: the listeners start in the background. */
    private static void awaitListener(IotHubClientProtocol protocol) throws Exception {
        Instant deadline = Instant.now().plus(LISTENER_START_TIMEOUT);
        while (true) {
            DeviceClient device = new DeviceClient(connectionString(name(protocol)), protocol, options());
            try {
                device.open(false);
                device.close();
                return;
            } catch (IotHubClientException notYet) {
                device.close();
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the device SDK did not connect to " + HOSTNAME + " over " + protocol
                            + " within " + LISTENER_START_TIMEOUT + ", see " + node.home().resolve("data/log/karaf.log"),
                            notYet);
                }
                Thread.sleep(1000);
            }
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /** A shell command for another thread, failing with the output when the command fails. */
    private static String execute(String command) {
        try {
            return node.execute(command);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\\R");
        return lines[lines.length - 1].strip();
    }
}
