package io.strata.broker.internal.moquette;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.strata.api.identity.AuthenticationResult;
import io.strata.api.identity.AuthenticationResult.Outcome;
import io.strata.api.identity.Authenticator;
import io.strata.api.identity.Authorizer;
import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.module.ClientConnection;
import io.strata.api.module.ClientConnections;
import io.strata.api.module.MethodResult;
import io.strata.api.routing.MessageRejectedException;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.Router;
import io.strata.api.twin.TwinSection;
import io.strata.broker.internal.moquette.TestTls.SelfSigned;
import io.strata.broker.internal.topics.ChildNodeSessions;
import io.strata.broker.internal.topics.MethodInvocations;
import io.strata.broker.internal.topics.NodePublishes;
import io.strata.broker.internal.topics.TelemetryPublishes;
import io.strata.broker.internal.topics.TelemetryTopic;
import io.strata.broker.internal.topics.TwinRequests;
import io.strata.testing.CapturedLog;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The real Moquette with its TLS listener and the loopback plain listener on free ports, real JSSE
 * and a real MQTT client. Identities are decided by simple stand-ins of the identity services.
 */
public class EmbeddedBrokerTest {

    private static final String HOST = "edge.test";
    private static final IdentityId DEVICE = IdentityId.device("dev1");
    private static final IdentityId STRANGER = IdentityId.device("stranger");
    private static final IdentityId MODULE = IdentityId.module("dev1", "mod1");
    private static final String MODULE_TOKEN =
            "SharedAccessSignature sr=edge.test%2Fdevices%2Fdev1%2Fmodules%2Fmod1&sig=good";
    private static final String GOOD_TOKEN = "SharedAccessSignature sr=edge.test%2Fdevices%2Fdev1&sig=good";
    private static final String STRANGER_TOKEN = "SharedAccessSignature sr=edge.test%2Fdevices%2Fstranger&sig=good";
    private static final String TELEMETRY = "devices/dev1/messages/events/%24.mid=42&kind=test";
    private static final IdentityId GRANDCHILD = IdentityId.device("leaf9");
    private static final String EDGE_TOKEN = "SharedAccessSignature sr=edge.test%2Fdevices%2Fedge1&sig=good";
    private static final int CONNECT_TIMEOUT_SECONDS = 4;
    private static final String SHORT_LIVED_TOKEN = "SharedAccessSignature sr=edge.test%2Fdevices%2Fdev1&sig=brief";

    private static SelfSigned serverCertificate;
    private static SelfSigned deviceCertificate;

    @Rule
    public TemporaryFolder data = new TemporaryFolder();

    @Rule
    public CapturedLog log = new CapturedLog();

    /** Identities whose credentials the authenticator no longer accepts (disabled, removed, re-keyed). */
    private final Set<IdentityId> revoked = ConcurrentHashMap.newKeySet();
    private volatile Instant shortLivedUntil;
    /** The certificate dev1's registered thumbprint names. */
    private volatile SelfSigned registeredCertificate = deviceCertificate;

    private final BlockingQueue<Message> routed = new LinkedBlockingQueue<>();
    private volatile Router router = (source, message) -> {
        routed.add(message);
        return CompletableFuture.completedFuture(null);
    };
    private final BlockingQueue<String> reported = new LinkedBlockingQueue<>();
    private final ClientConnections connections = new RecordingConnections(reported);
    private MoquetteBroker broker;
    // edge1 is a child node whose subtree holds leaf9; the desired section of leaf9/m1 has version 3.
    private final InMemoryChildNodes childNodes = new InMemoryChildNodes(Map.of("edge1", Set.of("edge1", "leaf9")),
            List.of(new TwinSection(IdentityId.module("leaf9", "m1"), "{\"rate\":5}", 3)));
    private final ChildNodeSessions nodeSessions =
            new ChildNodeSessions(() -> Optional.of(broker), () -> Optional.of(childNodes));
    private final MethodInvocations methods = new MethodInvocations(this::publishToClient, nodeSessions::carrierOf);
    private int tlsPort;
    private int plainPort;

    @BeforeClass
    public static void createCertificates() throws Exception {
        serverCertificate = SelfSigned.of("edge.test");
        deviceCertificate = SelfSigned.of("dev1");
    }

    @Before
    public void startBroker() throws Exception {
        tlsPort = freePort();
        plainPort = freePort();
        BrokerSettings settings = new BrokerSettings("127.0.0.1", tlsPort, true, plainPort, 256 * 1024,
                data.getRoot().toPath(), CONNECT_TIMEOUT_SECONDS, 100);
        broker = new MoquetteBroker(settings, TestTls.context(serverCertificate, deviceCertificate),
                TestTls.context(null, serverCertificate), new IotHubAuthenticator(HOST, tokensAndCertificate(), ownTopics()),
                new IotHubAuthorizer(ownTopics()),
                List.of(new TelemetryPublishes(ownTopics(), () -> Optional.ofNullable(router), 256 * 1024,
                                Clock.systemUTC()),
                        new NodePublishes(ownTopics(), () -> Optional.of(childNodes), methods)),
                List.of(new IotHubRequestInterceptor(new TwinRequests(Optional::empty, this::publishToClient), methods),
                        new ChildNodeSubscriptions(nodeSessions),
                        new ModuleInputSubscriptions(() -> Optional.ofNullable(router))),
                () -> Optional.of(connections));
    }

    @After
    public void stopBroker() {
        broker.stop();
        nodeSessions.close();
    }

    @Test
    public void onLinuxX8664TheListenerServesItsClientsOnTheNativeTransport() throws Exception {
        assumeTrue("Linux on x86-64, where the node ships Netty's epoll library",
                System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"));
        MqttClient client = connect(tlsUri(), tlsClientWithoutCertificate(), "dev1", GOOD_TOKEN);
        try {
            assertTrue(Epoll.isAvailable());
            assertTrue("an epoll event loop serves the client", Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(thread -> thread.getName().startsWith("epollEventLoopGroup")));
            assertFalse("no selector event loop", Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(thread -> thread.getName().startsWith("nioEventLoopGroup")));
        } finally {
            client.disconnect();
            client.close();
        }
    }

    @Test
    public void anEdgeDevicePublishesForItsGrandchildWhoseIdsAndForwardedTimesTheRouterGets() throws Exception {
        MqttClient edge = connect(tlsUri(), tlsClientWithoutCertificate(), "edge1", EDGE_TOKEN);
        try {
            edge.publish("devices/leaf9/modules/m1/messages/events/%24.on=alerts&%24.mid=7"
                    + "&%24.ctime=2025-01-01T00%3A00%3A00Z&iothub-enqueuedtime=2025-01-01T00%3A00%3A01Z&k=v",
                    "{}".getBytes(StandardCharsets.UTF_8), 1, false);
        } finally {
            edge.disconnect();
            edge.close();
        }

        Message message = routed.poll(10, TimeUnit.SECONDS);
        assertEquals("leaf9", message.connectionDeviceId().get());
        assertEquals("m1", message.connectionModuleId().get());
        assertEquals("alerts", message.outputName().get());
        assertEquals("7", message.messageId().get());
        assertEquals(Instant.parse("2025-01-01T00:00:00Z"), message.creationTime().get());
        assertEquals(Instant.parse("2025-01-01T00:00:01Z"), message.enqueuedTime().get());
        assertEquals(Map.of("k", "v"), message.applicationProperties());
    }

    @Test
    public void aLeafMayNotPublishForAnotherDevice() throws Exception {
        MqttClient client = connect(tlsUri(), tlsClientWithoutCertificate(), "dev1", GOOD_TOKEN);
        client.setTimeToWait(2000);
        try {
            MqttException unacknowledged = assertThrows(MqttException.class, () ->
                    client.publish("devices/leaf9/messages/events/", new byte[0], 1, false));
            assertEquals(MqttException.REASON_CODE_CLIENT_TIMEOUT, unacknowledged.getReasonCode());
            assertNull(routed.poll());
        } finally {
            client.disconnectForcibly(1000, 1000);
            client.close();
        }
    }

    @Test
    public void aChildNodeGetsItsSnapshotAndDesiredSectionsOnSubscribingAndChangedSnapshotsAfter() throws Exception {
        MqttClient edge = connect(tlsUri(), tlsClientWithoutCertificate(), "edge1", EDGE_TOKEN);
        try {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            edge.subscribe("$strata/nodes/edge1/#", 1,
                    (topic, message) -> received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8)));
            List<String> state = List.of(received.poll(10, TimeUnit.SECONDS), received.poll(10, TimeUnit.SECONDS));
            assertTrue(state.toString(), state.contains("$strata/nodes/edge1/identities {\"identities\":[]}"));
            assertTrue(state.toString(), state.contains(
                    "$strata/nodes/edge1/twins/desired/?$id=leaf9%2Fm1&$version=3 {\"rate\":5}"));
            assertTrue(broker.isConnected(IdentityId.device("edge1")));
            assertEquals(Optional.of("edge1"), nodeSessions.carrierOf(GRANDCHILD));

            nodeSessions.identitiesChanged(); // unchanged: nothing is sent
            childNodes.snapshot = "{\"identities\":[{\"deviceId\":\"leaf9\"}]}";
            nodeSessions.identitiesChanged();
            nodeSessions.identitiesChanged();

            assertEquals("$strata/nodes/edge1/identities " + childNodes.snapshot, received.poll(10, TimeUnit.SECONDS));
            assertNull(received.poll(500, TimeUnit.MILLISECONDS));
        } finally {
            edge.disconnect();
            edge.close();
        }
    }

    @Test
    public void aReportedSectionOnTheNodeTopicIsStoredBeforeItsPubackAndOneOutsideTheSubtreeIsNotAcknowledged()
            throws Exception {
        MqttClient edge = connect(tlsUri(), tlsClientWithoutCertificate(), "edge1", EDGE_TOKEN);
        edge.setTimeToWait(2000);
        try {
            edge.publish("$strata/nodes/edge1/twins/reported/?$id=leaf9&$version=4",
                    "{\"temp\":21}".getBytes(StandardCharsets.UTF_8), 1, false);
            assertEquals(new TwinSection(GRANDCHILD, "{\"temp\":21}", 4), childNodes.stored.poll());

            MqttException unacknowledged = assertThrows(MqttException.class, () -> edge.publish(
                    "$strata/nodes/edge1/twins/reported/?$id=dev1&$version=1", new byte[0], 1, false));
            assertEquals(MqttException.REASON_CODE_CLIENT_TIMEOUT, unacknowledged.getReasonCode());
            assertNull(childNodes.stored.poll());
        } finally {
            edge.disconnectForcibly(1000, 1000);
            edge.close();
        }
    }

    @Test
    public void aMethodForAGrandchildGoesThroughTheChildNodesTopicsAndItsAnswerComesBack() throws Exception {
        assertEquals(MethodResult.NOT_FOUND, methods.invoke(GRANDCHILD, "reboot", "{}", Duration.ofSeconds(5)).status());
        MqttClient edge = connect(tlsUri(), tlsClientWithoutCertificate(), "edge1", EDGE_TOKEN);
        try {
            BlockingQueue<String> requests = new LinkedBlockingQueue<>();
            edge.subscribe("$strata/nodes/edge1/#", 1, (topic, request) -> {
                if (!topic.contains("/methods/POST/")) {
                    return;
                }
                requests.add(topic);
                String rid = topic.replaceAll(".*\\$rid=([^&]+).*", "$1");
                new Thread(() -> answer(edge, "$strata/nodes/edge1/methods/res/202/?$rid=" + rid,
                        "{\"echo\":" + new String(request.getPayload(), StandardCharsets.UTF_8) + "}")).start();
            });
            awaitCarrier(GRANDCHILD);

            MethodResult result = methods.invoke(GRANDCHILD, "reboot", "{\"n\":1}", Duration.ofSeconds(10));

            assertEquals(new MethodResult(202, "{\"echo\":{\"n\":1}}"), result);
            assertTrue(requests.poll().startsWith("$strata/nodes/edge1/methods/POST/reboot/?$id=leaf9&$rid="));
        } finally {
            edge.disconnect();
            edge.close();
        }
    }

    @Test
    public void aMethodTheChildNodeDoesNotAnswerTimesOut() throws Exception {
        MqttClient edge = connect(tlsUri(), tlsClientWithoutCertificate(), "edge1", EDGE_TOKEN);
        try {
            BlockingQueue<String> requests = new LinkedBlockingQueue<>();
            edge.subscribe("$strata/nodes/edge1/#", 1, (topic, request) -> requests.add(topic));
            awaitCarrier(GRANDCHILD);

            assertEquals(MethodResult.TIMEOUT, methods.invoke(GRANDCHILD, "reboot", "{}", Duration.ofMillis(700)).status());
            assertTrue(requests.stream().anyMatch(topic -> topic.startsWith(
                    "$strata/nodes/edge1/methods/POST/reboot/?$id=leaf9&$rid=") && topic.endsWith("&$timeout=700")));
        } finally {
            edge.disconnect();
            edge.close();
        }
    }

    /** Moquette tells the edge hub of a subscription after its SUBACK, on another thread. */
    private void awaitCarrier(IdentityId identity) throws InterruptedException {
        for (int i = 0; i < 100 && nodeSessions.carrierOf(identity).isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertTrue(identity + " has no child node carrying it", nodeSessions.carrierOf(identity).isPresent());
    }

    @Test
    public void routesTelemetryOfADeviceWithASasTokenOverTls() throws Exception {
        publishAndDisconnect(connect(tlsUri(), tlsClientWithoutCertificate(), "dev1", GOOD_TOKEN));

        Message message = routed.poll(10, TimeUnit.SECONDS);
        assertEquals("42", message.messageId().get());
        assertEquals("dev1", message.connectionDeviceId().get());
        assertEquals("test", message.applicationProperties().get("kind"));
        assertEquals("hello", new String(message.body(), StandardCharsets.UTF_8));
    }

    @Test
    public void authenticatesADeviceByTheCertificateItPresented() throws Exception {
        publishAndDisconnect(connect(tlsUri(), TestTls.context(deviceCertificate, serverCertificate), "dev1", ""));

        assertEquals("dev1", routed.poll(10, TimeUnit.SECONDS).connectionDeviceId().get());
    }

    @Test
    public void reportsAuthenticatedClientsAndTheirEndButNotTheEndOfATakenOverConnection() throws Exception {
        assertThrows(MqttSecurityException.class,
                () -> connect(tlsUri(), tlsClientWithoutCertificate(), "dev1", "SharedAccessSignature sig=bad"));
        MqttClient first = connect(tlsUri(), tlsClientWithoutCertificate(), "dev1", GOOD_TOKEN);
        assertEquals("dev1 connected mqtt", reported.poll(10, TimeUnit.SECONDS));

        MqttClient second = connect(tlsUri(), tlsClientWithoutCertificate(), "dev1", GOOD_TOKEN);
        // Moquette may close the first connection before or after it accepts the second: either way
        // the last word is that dev1 is connected.
        String afterTakeover = reported.poll(10, TimeUnit.SECONDS);
        if (afterTakeover.equals("dev1 disconnected mqtt")) {
            afterTakeover = reported.poll(10, TimeUnit.SECONDS);
        }
        assertEquals("dev1 connected mqtt", afterTakeover);
        assertNull(reported.poll(500, TimeUnit.MILLISECONDS));
        second.disconnect();
        second.close();

        assertEquals("dev1 disconnected mqtt", reported.poll(10, TimeUnit.SECONDS));
        first.disconnectForcibly(100, 100);
        first.close();
    }

    @Test
    public void reportsALostConnectionAndTellsLateConnectionsWhoIsConnected() throws Exception {
        MqttAsyncClient client = connectAsync("dev1", GOOD_TOKEN);
        assertEquals("dev1 connected mqtt", reported.poll(10, TimeUnit.SECONDS));
        BlockingQueue<String> late = new LinkedBlockingQueue<>();

        broker.reportConnectedClients(new RecordingConnections(late));
        client.disconnectForcibly(0, 100, false); // no DISCONNECT packet: the connection is just lost

        assertEquals("dev1 connected mqtt", late.poll(10, TimeUnit.SECONDS));
        assertEquals("dev1 disconnected mqtt", reported.poll(10, TimeUnit.SECONDS));
        client.close();
    }

    @Test
    public void refusesAWrongSasToken() {
        MqttSecurityException refused = assertThrows(MqttSecurityException.class,
                () -> connect(tlsUri(), tlsClientWithoutCertificate(), "dev1", "SharedAccessSignature sig=bad"));
        assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, refused.getReasonCode());
    }

    @Test
    public void refusesAUsernameForAnotherIdentity() {
        assertThrows(MqttSecurityException.class, () -> connect(tlsUri(), tlsClientWithoutCertificate(),
                "stranger", GOOD_TOKEN, HOST + "/dev1/?api-version=2021-04-12"));
    }

    @Test
    public void refusesAnAuthenticatedIdentityThatMayNotConnectToThisNode() {
        assertThrows(MqttSecurityException.class,
                () -> connect(tlsUri(), tlsClientWithoutCertificate(), "stranger", STRANGER_TOKEN));
    }

    @Test
    public void doesNotAcknowledgeTelemetryWhileNoRouterRuns() throws Exception {
        router = null;
        MqttClient client = connect(tlsUri(), tlsClientWithoutCertificate(), "dev1", GOOD_TOKEN);
        client.setTimeToWait(2000);
        try {
            MqttException unacknowledged = assertThrows(MqttException.class, () ->
                    client.publish(TELEMETRY, "hello".getBytes(StandardCharsets.UTF_8), 1, false));
            assertEquals(MqttException.REASON_CODE_CLIENT_TIMEOUT, unacknowledged.getReasonCode());
        } finally {
            client.disconnectForcibly(1000, 1000);
            client.close();
        }
    }

    @Test
    public void acknowledgesTelemetryOnlyOnceTheRouterStoredItAndInOrder() throws Exception {
        BlockingQueue<CompletableFuture<Void>> stored = new LinkedBlockingQueue<>();
        router = (source, message) -> {
            CompletableFuture<Void> durable = new CompletableFuture<>();
            stored.add(durable);
            return durable;
        };
        MqttAsyncClient client = connectAsync("dev1", GOOD_TOKEN);
        try {
            IMqttDeliveryToken first = client.publish(TELEMETRY, new MqttMessage(new byte[] {1}));
            IMqttDeliveryToken second = client.publish(TELEMETRY, new MqttMessage(new byte[] {2}));
            CompletableFuture<Void> firstStored = stored.poll(10, TimeUnit.SECONDS);
            CompletableFuture<Void> secondStored = stored.poll(10, TimeUnit.SECONDS);

            secondStored.complete(null);
            Thread.sleep(500);
            assertFalse("acknowledged before the first", second.isComplete());
            assertFalse("acknowledged before it was stored", first.isComplete());

            firstStored.complete(null);
            first.waitForCompletion(10_000);
            second.waitForCompletion(10_000);
        } finally {
            client.disconnectForcibly(1000);
            client.close();
        }
    }

    @Test
    public void aRefusedMessageIsNotAcknowledgedAndTheNextOneIs() throws Exception {
        router = (source, message) -> message.body()[0] == 1
                ? CompletableFuture.failedFuture(new MessageRejectedException("store full"))
                : CompletableFuture.completedFuture(null);
        MqttAsyncClient client = connectAsync("dev1", GOOD_TOKEN);
        try {
            IMqttDeliveryToken refused = client.publish(TELEMETRY, new MqttMessage(new byte[] {1}));
            IMqttDeliveryToken accepted = client.publish(TELEMETRY, new MqttMessage(new byte[] {2}));

            accepted.waitForCompletion(10_000);
            assertFalse(refused.isComplete());
        } finally {
            // no quiescing: the refused message stays in flight, and Paho would wait 30 s for it
            client.disconnectForcibly(0, 1000);
            client.close();
        }
    }

    @Test
    public void aModuleInputDeliveryCompletesOnlyWhenTheModuleAcknowledged() throws Exception {
        Message routedMessage = Message.builder().body("{\"t\":1}".getBytes(StandardCharsets.UTF_8))
                .messageId("m-1").build();
        assertThrows(ExecutionException.class, () -> broker.deliverToModuleInput(MODULE, "in1", routedMessage)
                .get(10, TimeUnit.SECONDS));
        MqttClient module = connect(tlsUri(), tlsClientWithoutCertificate(), "dev1/mod1", MODULE_TOKEN,
                HOST + "/dev1/mod1/?api-version=2021-04-12");
        try {
            assertFalse(broker.listensForInputs(MODULE));
            CountDownLatch handling = new CountDownLatch(1);
            BlockingQueue<String> topics = new LinkedBlockingQueue<>();
            module.subscribe("devices/dev1/modules/mod1/inputs/#", 1, (topic, message) -> {
                topics.add(topic);
                handling.await(); // Paho acknowledges when this returns
            });
            assertTrue(broker.listensForInputs(MODULE));

            CompletableFuture<Void> delivered = broker.deliverToModuleInput(MODULE, "in1", routedMessage);

            assertEquals("devices/dev1/modules/mod1/inputs/in1/%24.mid=m-1", topics.poll(10, TimeUnit.SECONDS));
            Thread.sleep(300);
            assertFalse("completed before the module acknowledged", delivered.isDone());
            handling.countDown();
            delivered.get(10, TimeUnit.SECONDS);
        } finally {
            module.disconnect();
            module.close();
        }
    }

    @Test
    public void aModuleSubscribingToItsInputsHasTheRouterLookForWhatIsQueuedAtOnce() throws Exception {
        BlockingQueue<String> lookedAt = new LinkedBlockingQueue<>();
        router = new Router() {
            @Override
            public CompletionStage<Void> route(MessageSource source, Message message) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void receiversChanged(String sinkName) {
                lookedAt.add(sinkName);
            }
        };
        MqttClient module = connectModule(false);
        try {
            module.subscribe("$iothub/methods/POST/#", 1);
            module.subscribe("devices/dev1/modules/mod1/inputs/#", 1);
            assertEquals(Router.BROKERED_ENDPOINT, lookedAt.poll(10, TimeUnit.SECONDS));
            assertNull("only the inputs' subscription", lookedAt.poll(200, TimeUnit.MILLISECONDS));
        } finally {
            module.disconnect();
            module.close();
        }
    }

    @Test
    public void whetherAModuleListensFollowsItsSubscribesUnsubscribesAndResumedSession() throws Exception {
        String inputs = "devices/dev1/modules/mod1/inputs/#";
        MqttClient module = connectModule(false);
        try {
            assertFalse(broker.listensForInputs(MODULE));
            module.subscribe(inputs, 1);
            assertTrue(broker.listensForInputs(MODULE));
            module.unsubscribe(inputs);
            assertFalse(broker.listensForInputs(MODULE));
            module.subscribe(inputs, 1);
        } finally {
            module.disconnect();
            module.close();
        }
        for (int tries = 0; tries < 50 && broker.listensForInputs(MODULE); tries++) {
            Thread.sleep(100); // the server side sees the connection end a little after the client
        }
        assertFalse("disconnected", broker.listensForInputs(MODULE));

        MqttClient resumed = connectModule(false);
        try {
            BlockingQueue<String> topics = new LinkedBlockingQueue<>();
            resumed.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    topics.add(topic);
                }

                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            assertTrue("the session it resumed holds the subscription", broker.listensForInputs(MODULE));
            broker.deliverToModuleInput(MODULE, "in1", Message.builder().messageId("m-2").build())
                    .get(10, TimeUnit.SECONDS);
            assertEquals("devices/dev1/modules/mod1/inputs/in1/%24.mid=m-2", topics.poll(10, TimeUnit.SECONDS));
        } finally {
            resumed.disconnect();
            resumed.close();
        }
    }

    @Test
    public void edgeHubDeliveriesAndMoquetteSessionPublishesShareOneConnection() throws Exception {
        MqttClient module = connect(tlsUri(), tlsClientWithoutCertificate(), "dev1/mod1", MODULE_TOKEN,
                HOST + "/dev1/mod1/?api-version=2021-04-12");
        try {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            module.subscribe("devices/dev1/modules/mod1/inputs/#", 1, (topic, message) -> received.add("input"));
            module.subscribe("$iothub/twin/res/#", 1, (topic, message) -> received.add("twin"));
            List<CompletableFuture<Void>> deliveries = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                deliveries.add(broker.deliverToModuleInput(MODULE, "in1", Message.builder().build()));
                broker.publish(MODULE, "$iothub/twin/res/200/?$rid=" + i, new byte[0]);
            }
            for (CompletableFuture<Void> delivery : deliveries) {
                delivery.get(10, TimeUnit.SECONDS);
            }
            List<String> all = new ArrayList<>();
            while (all.size() < 100) {
                all.add(received.poll(10, TimeUnit.SECONDS));
            }
            assertEquals(50, all.stream().filter("input"::equals).count());
            assertEquals(50, all.stream().filter("twin"::equals).count());
        } finally {
            module.disconnect();
            module.close();
        }
    }

    @Test
    public void relaysThePlainListenerIntoTheTlsListener() throws Exception {
        publishAndDisconnect(connect("tcp://127.0.0.1:" + plainPort, null, "dev1", GOOD_TOKEN));

        assertEquals("dev1", routed.poll(10, TimeUnit.SECONDS).connectionDeviceId().get());
    }

    @Test
    public void theRelayCarriesNoCertificateSoCertificateLoginsFailThere() {
        assertThrows(MqttSecurityException.class, () -> connect("tcp://127.0.0.1:" + plainPort, null, "dev1", ""));
        assertNull(routed.poll());
    }

    @Test
    public void thePlainListenerIsNotReachableFromOtherInterfaces() throws Exception {
        Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .findFirst();
        assumeTrue("this machine has a non-loopback address", external.isPresent());
        try (Socket socket = new Socket()) {
            assertThrows(ConnectException.class,
                    () -> socket.connect(new InetSocketAddress(external.get(), plainPort), 2000));
        }
    }

    @Test
    public void aDeviceAnswersADirectMethodOnItsOwnTopics() throws Exception {
        MqttClient client = connect(tlsUri(), tlsClientWithoutCertificate(), "dev1", GOOD_TOKEN);
        try {
            client.subscribe("$iothub/methods/POST/#", 1, (topic, request) -> {
                String rid = topic.substring(topic.indexOf("$rid=") + 5);
                // Paho may not wait for a QoS 1 acknowledgement on its callback thread
                new Thread(() -> answer(client, "$iothub/methods/res/201/?$rid=" + rid,
                        "{\"echo\":" + new String(request.getPayload(), StandardCharsets.UTF_8) + "}")).start();
            });

            MethodResult result = methods.invoke(DEVICE, "echo", "{\"n\":1}", Duration.ofSeconds(10));

            assertEquals(new MethodResult(201, "{\"echo\":{\"n\":1}}"), result);
        } finally {
            client.disconnect();
            client.close();
        }
    }

    @Test
    public void aDirectMethodToAClientThatDoesNotListenIsNotFoundAndASilentOneTimesOut() throws Exception {
        assertEquals(MethodResult.NOT_FOUND, methods.invoke(DEVICE, "echo", "{}", Duration.ofSeconds(5)).status());
        MqttClient client = connect(tlsUri(), tlsClientWithoutCertificate(), "dev1", GOOD_TOKEN);
        try {
            assertEquals(MethodResult.NOT_FOUND, methods.invoke(DEVICE, "echo", "{}", Duration.ofSeconds(5)).status());
            client.subscribe("$iothub/methods/POST/#", 1);
            assertEquals(MethodResult.TIMEOUT, methods.invoke(DEVICE, "echo", "{}", Duration.ofMillis(500)).status());
        } finally {
            client.disconnect();
            client.close();
        }
    }

    @Test
    public void answersTwinRequestsWith503WhileNoTwinServiceRuns() throws Exception {
        MqttClient client = connect(tlsUri(), tlsClientWithoutCertificate(), "dev1", GOOD_TOKEN);
        try {
            BlockingQueue<String> responses = new LinkedBlockingQueue<>();
            client.subscribe("$iothub/twin/res/#", 1, (topic, message) -> responses.add(topic));
            client.publish("$iothub/twin/GET/?$rid=7", new byte[0], 1, false);

            assertEquals("$iothub/twin/res/503/?$rid=7", responses.poll(10, TimeUnit.SECONDS));
        } finally {
            client.disconnect();
            client.close();
        }
    }

    @Test
    public void clientsMayNeitherSubscribeToOthersRequestsNorPublishAsTheEdgeHub() throws Exception {
        MqttClient client = connect(tlsUri(), tlsClientWithoutCertificate(), "dev1", GOOD_TOKEN);
        client.setTimeToWait(2000);
        try {
            assertThrows(MqttException.class, () -> client.subscribe("$iothub/#", 1));
            MqttException unacknowledged = assertThrows(MqttException.class, () ->
                    client.publish("$iothub/methods/POST/reboot/?$rid=1", new byte[0], 1, false));
            assertEquals(MqttException.REASON_CODE_CLIENT_TIMEOUT, unacknowledged.getReasonCode());
        } finally {
            client.disconnectForcibly(1000, 1000);
            client.close();
        }
    }

    /** Writes each report as "id connected|disconnected transport". */
    @Test
    public void aSessionEndsWhenItsTokenExpires() throws Exception {
        shortLivedUntil = Instant.now().plusSeconds(2);
        MqttClient client = connect(tlsUri(), tlsClientWithoutCertificate(), "dev1", SHORT_LIVED_TOKEN);
        try {
            assertEquals("dev1 connected mqtt", reported.poll(10, TimeUnit.SECONDS));
            assertEquals("dev1 disconnected mqtt", reported.poll(10, TimeUnit.SECONDS));
            awaitDisconnected(client);
            assertTrue(Instant.now().isAfter(shortLivedUntil));
        } finally {
            closeEvenIfConnected(client);
        }
    }

    @Test
    public void aSessionEndsWhenIdentitiesChangeSoThatItsCredentialNoLongerHoldsAndOthersStay() throws Exception {
        MqttClient device = connect(tlsUri(), tlsClientWithoutCertificate(), "dev1", GOOD_TOKEN);
        MqttClient module = connect(tlsUri(), tlsClientWithoutCertificate(), MODULE.toString(), MODULE_TOKEN);
        try {
            broker.checkCredentials(); // nothing changed for them: both stay
            Thread.sleep(300);
            assertTrue(device.isConnected());

            revoked.add(DEVICE);
            broker.checkCredentials();

            awaitDisconnected(device);
            // The broker learns of the end on its event loop, maybe after the client did.
            for (int tries = 0; tries < 50 && broker.isConnected(DEVICE); tries++) {
                Thread.sleep(100);
            }
            assertFalse(broker.isConnected(DEVICE));
            assertTrue(module.isConnected());
            assertTrue(broker.isConnected(MODULE));
        } finally {
            closeEvenIfConnected(device);
            closeEvenIfConnected(module);
        }
    }

    @Test
    public void aCertificateSessionEndsWhenTheRegisteredThumbprintChanges() throws Exception {
        MqttClient device = connect(tlsUri(), TestTls.context(deviceCertificate, serverCertificate), "dev1", "");
        try {
            assertEquals("dev1 connected mqtt", reported.poll(10, TimeUnit.SECONDS));
            registeredCertificate = SelfSigned.of("dev1");
            broker.checkCredentials();

            awaitDisconnected(device);
            assertEquals("dev1 disconnected mqtt", reported.poll(10, TimeUnit.SECONDS));
        } finally {
            closeEvenIfConnected(device);
        }
    }

    @Test
    public void malformedInputEndsTheConnectionWithOneWarningLineAndNoStackTrace() throws Exception {
        byte[] unknownPacketType = {0x00, 0x00};
        // CONNECT of protocol level 9, which no MQTT version has.
        byte[] badConnect = {0x10, 0x0c, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x09, 0x02, 0x00, 0x3c, 0x00, 0x00};
        for (byte[] garbage : List.of(unknownPacketType, badConnect)) {
            try (Socket socket = tlsClientWithoutCertificate().getSocketFactory().createSocket("127.0.0.1", tlsPort)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(garbage);
                socket.getOutputStream().flush();
                awaitClosed(socket);
                assertOneWarningAbout(socket.getLocalPort());
            }
        }
        try (Socket socket = new Socket("127.0.0.1", tlsPort)) { // no TLS at all
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: edge.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            awaitClosed(socket);
            assertOneWarningAbout(socket.getLocalPort());
        }
        assertTrue(log.lines().toString(), log.lines().stream().noneMatch(line -> line.contains("ERROR")
                || line.startsWith("\tat ")));
    }

    @Test
    public void aConnectionThatTricklesBytesWithoutConnectingIsClosedAtTheConnectTimeout() throws Exception {
        try (Socket socket = tlsClientWithoutCertificate().getSocketFactory().createSocket("127.0.0.1", tlsPort)) {
            Instant accepted = Instant.now();
            // A CONNECT announcing 127 bytes, sent one byte a second: never silent long enough for an idle timeout.
            socket.getOutputStream().write(new byte[] {0x10, 0x7f});
            boolean closed = false;
            for (int second = 0; second < 3 * CONNECT_TIMEOUT_SECONDS && !closed; second++) {
                Thread.sleep(1000);
                try {
                    socket.getOutputStream().write(0);
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    closed = true;
                }
                if (!closed && log.lines().stream().anyMatch(line -> line.contains(":" + socket.getLocalPort()))) {
                    closed = true;
                }
            }
            assertTrue("still open", closed);
            long seconds = Duration.between(accepted, Instant.now()).toSeconds();
            assertTrue(seconds + " s", seconds >= CONNECT_TIMEOUT_SECONDS - 1 && seconds <= CONNECT_TIMEOUT_SECONDS + 2);
            assertOneWarningAbout(socket.getLocalPort());
        }
    }

    private void assertOneWarningAbout(int clientPort) throws InterruptedException {
        List<String> lines = List.of();
        for (int tries = 0; tries < 50 && lines.isEmpty(); tries++) {
            Thread.sleep(100);
            lines = log.lines().stream().filter(line -> line.contains(":" + clientPort)).toList();
        }
        Thread.sleep(300); // anything logged late would show now
        lines = log.lines().stream().filter(line -> line.contains(":" + clientPort)).toList();
        assertEquals(lines.toString(), 1, lines.size());
        assertTrue(lines.get(0), lines.get(0).contains("WARN"));
    }

    private static void awaitClosed(Socket socket) throws IOException {
        try {
            while (socket.getInputStream().read() >= 0) {
                // whatever the broker answers before it closes
            }
        } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
            // closed while a TLS record was in flight: closed all the same
        }
    }

    /** Closes a client whatever its state, so that a failed assertion is what the test reports. */
    private static void closeEvenIfConnected(MqttClient client) throws MqttException {
        if (client.isConnected()) {
            client.disconnectForcibly(1000, 1000);
        }
        client.close();
    }

    private static void awaitDisconnected(MqttClient client) throws InterruptedException {
        for (int tries = 0; tries < 100 && client.isConnected(); tries++) {
            Thread.sleep(100);
        }
        assertFalse("still connected", client.isConnected());
    }

    private record RecordingConnections(BlockingQueue<String> reports) implements ClientConnections {

        @Override
        public void connected(IdentityId client, String transport) {
            reports.add(client + " connected " + transport);
        }

        @Override
        public void disconnected(IdentityId client, String transport) {
            reports.add(client + " disconnected " + transport);
        }

        @Override
        public List<ClientConnection> clients() {
            throw new UnsupportedOperationException();
        }
    }

    private CompletionStage<Boolean> publishToClient(IdentityId client, String topic, byte[] body) {
        return broker.publish(client, topic, body);
    }

    private static void answer(MqttClient client, String topic, String payload) {
        try {
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void publishAndDisconnect(MqttClient client) throws MqttException {
        try {
            client.publish(TELEMETRY, "hello".getBytes(StandardCharsets.UTF_8), 1, false);
        } finally {
            client.disconnect();
            client.close();
        }
    }

    private MqttAsyncClient connectAsync(String clientId, String password) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(tlsUri(), clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(HOST + "/" + clientId + "/?api-version=2021-04-12");
        options.setPassword(password.toCharArray());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        try {
            options.setSocketFactory(tlsClientWithoutCertificate().getSocketFactory());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    private String tlsUri() {
        return "ssl://127.0.0.1:" + tlsPort;
    }

    private static SSLContext tlsClientWithoutCertificate() throws Exception {
        return TestTls.context(null, serverCertificate);
    }

    /** dev1/mod1 over TLS, with a session Moquette keeps after it disconnects unless {@code cleanSession}. */
    private MqttClient connectModule(boolean cleanSession) throws Exception {
        MqttClient client = new MqttClient(tlsUri(), "dev1/mod1", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(HOST + "/dev1/mod1/?api-version=2021-04-12");
        options.setPassword(MODULE_TOKEN.toCharArray());
        options.setCleanSession(cleanSession);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setSocketFactory(tlsClientWithoutCertificate().getSocketFactory());
        client.connect(options);
        return client;
    }

    private static MqttClient connect(String uri, SSLContext tls, String clientId, String password)
            throws MqttException {
        return connect(uri, tls, clientId, password, HOST + "/" + clientId + "/?api-version=2021-04-12");
    }

    private static MqttClient connect(String uri, SSLContext tls, String clientId, String password, String username)
            throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(username);
        options.setPassword(password.toCharArray());
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (tls != null) {
            options.setSocketFactory(tls.getSocketFactory());
        }
        client.connect(options);
        return client;
    }

    /**
     * dev1 with its good token, its short-lived token or its certificate; stranger with its good token;
     * none of the revoked identities.
     */
    private Authenticator tokensAndCertificate() {
        return new Authenticator() {
            @Override
            public AuthenticationResult authenticateToken(IdentityId id, String sasToken) {
                if (revoked.contains(id)) {
                    return AuthenticationResult.refused(id, Outcome.DISABLED, "revoked");
                }
                if (id.equals(DEVICE) && SHORT_LIVED_TOKEN.equals(sasToken)) {
                    return AuthenticationResult.authenticated(id, "token", shortLivedUntil);
                }
                boolean good = id.equals(DEVICE) && GOOD_TOKEN.equals(sasToken)
                        || id.equals(MODULE) && MODULE_TOKEN.equals(sasToken)
                        || id.equals(STRANGER) && STRANGER_TOKEN.equals(sasToken)
                        || id.equals(IdentityId.device("edge1")) && EDGE_TOKEN.equals(sasToken);
                return good ? AuthenticationResult.authenticated(id, "token")
                        : AuthenticationResult.refused(id, Outcome.WRONG_SIGNATURE, "not the good token");
            }

            @Override
            public AuthenticationResult authenticateCertificate(IdentityId id, List<X509Certificate> chain) {
                return !revoked.contains(id) && id.equals(DEVICE)
                        && chain.equals(List.of(registeredCertificate.certificate()))
                        ? AuthenticationResult.authenticated(id, "certificate")
                        : AuthenticationResult.refused(id, Outcome.THUMBPRINT_MISMATCH, "not dev1's certificate");
            }
        };
    }

    /**
     * Only dev1, its modules and the child node edge1 may connect here, and each identity may use $iothub
     * and the topics of its own device id; edge1 also its node topics and its subtree's telemetry.
     */
    private Authorizer ownTopics() {
        return new Authorizer() {
            @Override
            public boolean mayConnect(IdentityId id) {
                return id.deviceId().equals(DEVICE.deviceId()) || id.equals(IdentityId.device("edge1"));
            }

            @Override
            public boolean mayPublish(IdentityId id, String topic) {
                boolean childNode = id.equals(IdentityId.device("edge1"));
                return topic.startsWith("$iothub/") || topic.startsWith("devices/" + id.deviceId() + "/")
                        || childNode && topic.startsWith("$strata/nodes/edge1/")
                        || childNode && topic.startsWith("devices/") && TelemetryTopic.isTelemetry(topic)
                                && childNodes.isInSubtree("edge1", IdentityId.device(topic.split("/")[1]));
            }

            @Override
            public boolean maySubscribe(IdentityId id, String topicFilter) {
                return mayPublish(id, topicFilter);
            }
        };
    }

    // Moquette reports the port it bound to asynchronously, so the test picks one itself.
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
