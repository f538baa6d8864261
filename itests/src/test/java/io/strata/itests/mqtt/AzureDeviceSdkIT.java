package io.strata.itests.mqtt;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The real Azure IoT device SDK for Java, unchanged, talks to a real node over MQTT as it talks to
 * IoT Hub behind an IoT Edge gateway: a connection string with {@code GatewayHostName} from the
 * node's shell, TLS against the node's server certificate (trusting the development root CA), the
 * SDK's own user name (with {@code DeviceClientType}), topics, subscriptions and property bags.
 *
 * <p>The SDK always dials port 8883 of the gateway host, so the node listens there, on loopback,
 * as {@code 127.0.0.1}; the class is skipped when something else holds the port.
 *
 * <p>Telemetry and module outputs go through the node's routes to a module that the SDK's module
 * client runs, on its inputs.
 */
public class AzureDeviceSdkIT {

    /**
     * The node's hostname: the connection string's HostName and GatewayHostName. The SDK dials the
     * gateway host, and refuses a HostName without a dot ({@code [iotHubName].[...]}), so it is
     * not {@code localhost} but the loopback address, which the server certificate then carries
     * as an IP address.
     */
    private static final String HOSTNAME = "127.0.0.1";
    private static final String NODE_DEVICE = "sdk-node";
    private static final int SDK_PORT = 8883;
    private static final Duration BROKER_START_TIMEOUT = Duration.ofSeconds(60);
    private static final int OPERATION_TIMEOUT_MILLIS = 20_000;

    private static KarafNode node;
    private static SSLContext trustingTheNode;
    private static CompletableFuture<Void> closing = CompletableFuture.completedFuture(null);

    @BeforeClass
    public static void startNode() throws Exception {
        assumeTrue("port " + SDK_PORT + " on 127.0.0.1 is in use; the Azure IoT device SDK only dials "
                + SDK_PORT + ", so this test needs it free", portIsFree(SDK_PORT));
        node = KarafNode.create("azure-device-sdk");
        node.setProperty("io.strata.node.cfg", "hostname", HOSTNAME);
        node.setProperty("io.strata.node.cfg", "deviceId", NODE_DEVICE);
        node.setProperty("io.strata.broker.cfg", "tlsPort", Integer.toString(SDK_PORT));
        node.setProperty("io.strata.broker.cfg", "bindAddress", "127.0.0.1");
        node.start();
        trustingTheNode = new EdgeHubClients(node, HOSTNAME, SDK_PORT).trustingTheNode();
        for (String device : new String[] {"sdk-twin", "sdk-desired", "sdk-method", "sdk-c2d", "sdk-telemetry"}) {
            node.execute("edge:device-add -p " + NODE_DEVICE + " " + device);
        }
        node.execute("edge:module-identity-add " + NODE_DEVICE + " sdk-module");
        Routes.deploy(node, NODE_DEVICE, """
                {"schemaVersion": "1.1", "routes": {
                  "deviceTelemetry": "FROM /messages/* WHERE $connectionDeviceId = \\"sdk-telemetry\\" INTO BrokeredEndpoint(\\"/modules/sdk-module/inputs/telemetry\\")",
                  "loop": "FROM /messages/modules/sdk-module/outputs/loop INTO BrokeredEndpoint(\\"/modules/sdk-module/inputs/loopback\\")"}}
                """);
        awaitOpen("sdk-twin").close();
        Routes.awaitRoutes(node, 2);
    }

    @AfterClass
    public static void stopNode() throws Exception {
        try {
            closing.get(90, TimeUnit.SECONDS);
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    public void theDeviceGetsItsTwinAndReportsProperties() throws Exception {
        DeviceClient device = open("sdk-twin");
        try {
            // The SDK refuses getTwin before the desired properties subscription.
            device.subscribeToDesiredProperties((twin, context) -> { }, null, OPERATION_TIMEOUT_MILLIS);
            Twin twin = device.getTwin(OPERATION_TIMEOUT_MILLIS);
            assertNotNull(twin);
            Integer version = twin.getReportedProperties().getVersion();
            assertNotNull("the twin has a reported $version: " + twin, version);

            TwinCollection reported = new TwinCollection();
            reported.put("firmware", "1.2.3");
            reported.put("rpm", 1500);
            ReportedPropertiesUpdateResponse response =
                    device.updateReportedProperties(reported, OPERATION_TIMEOUT_MILLIS);
            assertEquals(Integer.valueOf(version + 1), response.getVersion());

            String shown = node.execute("edge:twin show sdk-twin");
            assertTrue(shown, shown.contains("\"firmware\""));
            assertTrue(shown, shown.contains("1.2.3"));
            assertTrue(shown, shown.contains("1500"));

            Twin again = device.getTwin(OPERATION_TIMEOUT_MILLIS);
            assertEquals("1.2.3", again.getReportedProperties().get("firmware"));
            assertEquals(Integer.valueOf(version + 1), again.getReportedProperties().getVersion());
        } finally {
            device.close();
        }
    }

    @Test
    public void theDeviceHearsOfADesiredPropertyChange() throws Exception {
        DeviceClient device = open("sdk-desired");
        try {
            BlockingQueue<Twin> updates = new LinkedBlockingQueue<>();
            device.subscribeToDesiredProperties((twin, context) -> updates.add(twin), null, OPERATION_TIMEOUT_MILLIS);

            Matcher set = Pattern.compile("\\$version (\\d+)")
                    .matcher(node.execute("edge:twin set-desired sdk-desired '{\"interval\":30}'"));
            assertTrue(set.find());
            Twin update = updates.poll(10, TimeUnit.SECONDS);
            assertNotNull("no desired property update within 10 seconds", update);
            TwinCollection desired = update.getDesiredProperties();
            assertEquals(desired.toString(), 30, ((Number) desired.get("interval")).intValue());
            assertEquals(Integer.valueOf(set.group(1)), desired.getVersion());
        } finally {
            device.close();
        }
    }

    @Test
    public void theDeviceAnswersADirectMethodInvokedFromTheShell() throws Exception {
        DeviceClient device = open("sdk-method");
        try {
            BlockingQueue<String> invocations = new LinkedBlockingQueue<>();
            device.subscribeToMethods((method, payload, context) -> {
                invocations.add(method + " " + payload.getPayloadAsJsonString());
                return new DirectMethodResponse(200, Map.of("rebooted", true));
            }, null, OPERATION_TIMEOUT_MILLIS);

            CompletableFuture<String> invoked = CompletableFuture.supplyAsync(() -> execute(
                    "edge:method-invoke --timeout 20 sdk-method reboot '{\"delay\":5}'"));
            String output = invoked.get(40, TimeUnit.SECONDS);
            assertEquals("reboot {\"delay\":5}", invocations.poll(1, TimeUnit.SECONDS));
            assertTrue(output, output.contains("Status: 200"));
            assertTrue(output, output.contains("{\"rebooted\":true}"));
        } finally {
            device.close();
        }
    }

    /**
     * With a {@code GatewayHostName} the Java SDK takes the gateway for an IoT Edge hub and never
     * subscribes to {@code devices/{id}/messages/devicebound/#} (its MqttMessaging only does so
     * without a gateway; azure-iot-sdk-java issue 1561), so it cannot receive cloud-to-device
     * messages through any gateway. This device uses the connection string without one: the SDK
     * then dials the node as its hub and subscribes.
     */
    @Test
    public void theDeviceReceivesACloudToDeviceMessageWithItsProperty() throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        DeviceClient device = client("sdk-c2d", false);
        device.setMessageCallback((message, context) -> {
            received.add(message);
            return IotHubMessageResult.COMPLETE;
        }, null);
        device.open(false);
        try {
            node.execute("edge:c2d-send -p kind=command sdk-c2d 'calibrate now'");
            Message message = received.poll(10, TimeUnit.SECONDS);
            assertNotNull("no cloud-to-device message within 10 seconds", message);
            assertEquals("calibrate now", new String(message.getBytes(), StandardCharsets.UTF_8));
            assertEquals("command", message.getProperty("kind"));
        } finally {
            device.close();
        }
    }

    @Test
    public void aDevicesTelemetryAndAModulesOutputReachTheModulesInputsThroughRoutes() throws Exception {
        ModuleClient module = new ModuleClient(lastLine(node.execute("edge:device-connection-string -g "
                + NODE_DEVICE + "/sdk-module")), IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(trustingTheNode).build());
        BlockingQueue<String> inputs = new LinkedBlockingQueue<>();
        for (String input : List.of("telemetry", "loopback")) {
            module.setMessageCallback(input, (message, context) -> {
                inputs.add(input + " " + new String(message.getBytes(), StandardCharsets.UTF_8));
                return IotHubMessageResult.COMPLETE;
            }, null);
        }
        module.open(false);
        DeviceClient device = open("sdk-telemetry");
        try {
            device.sendEvent(new Message("{\"temperature\":21.5}"), OPERATION_TIMEOUT_MILLIS);
            assertEquals("telemetry {\"temperature\":21.5}", inputs.poll(20, TimeUnit.SECONDS));

            module.sendEvent(new Message("{\"round\":1}"), "loop", OPERATION_TIMEOUT_MILLIS);
            assertEquals("loopback {\"round\":1}", inputs.poll(20, TimeUnit.SECONDS));
        } finally {
            device.close();
            module.close();
        }
    }

    /** A device client from the connection string the node's shell gives a device behind it. */
    private static DeviceClient client(String deviceId) throws Exception {
        return client(deviceId, true);
    }

    /** A device client from the node's connection string, with or without GatewayHostName. */
    private static DeviceClient client(String deviceId, boolean viaGateway) throws Exception {
        String connectionString = lastLine(
                node.execute("edge:device-connection-string " + (viaGateway ? "-g " : "") + deviceId));
        assertEquals(connectionString, viaGateway, connectionString.contains(";GatewayHostName=" + HOSTNAME));
        return new DeviceClient(connectionString, IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(trustingTheNode).build());
    }

    private static DeviceClient open(String deviceId) throws Exception {
        DeviceClient device = client(deviceId);
        device.open(false);
        return device;
    }

    /** Opens a client as soon as the broker listens (it starts in the background). */
    private static DeviceClient awaitOpen(String deviceId) throws Exception {
        Instant deadline = Instant.now().plus(BROKER_START_TIMEOUT);
        while (true) {
            DeviceClient device = client(deviceId);
            try {
                device.open(false);
                return device;
            } catch (IotHubClientException notYet) {
                device.close();
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the device SDK did not connect to " + HOSTNAME + ":" + SDK_PORT
                            + " within " + BROKER_START_TIMEOUT + ", see " + node.home().resolve("data/log/karaf.log"),
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
