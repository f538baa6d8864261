package io.strata.upstream.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.strata.amqp.internal.server.ParentListener;
import io.strata.amqp.internal.upstream.AmqpParentSessions;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityKind;
import io.strata.api.message.Message;
import io.strata.api.module.CloudToDevice;
import io.strata.api.module.DirectMethods;
import io.strata.api.module.MethodResult;
import io.strata.api.node.ParentSessionFactory;
import io.strata.api.node.UpstreamStatus.State;
import io.strata.api.routing.MessageRejectedException;
import io.strata.api.routing.MessageSource;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinListener;
import io.strata.edgehub.internal.nodes.EdgeHubChildNodes;
import io.strata.edgehub.internal.nodes.EdgeHubParentNode;
import io.strata.testing.MemoryAuthentication;
import io.strata.testing.MemoryIdentityRegistry;
import io.strata.testing.MemoryRouter;
import io.strata.testing.MemoryTwinService;
import io.strata.testing.TestPki;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * A child node's real upstream link (of the upstream bundle, hence this package) with the real AMQP
 * session of this bundle against its parent's real AMQP listener over TLS on 127.0.0.1; on both sides
 * the registry, twins, router and edge hub are small in-memory stand-ins, and the edge hub's real
 * {@link EdgeHubChildNodes} and {@link EdgeHubParentNode} work on them.
 */
public class UpstreamLinkTest {

    private static final String PARENT = "parent.test";
    private static final String CHILD = "child-edge";
    private static final IdentityId SENSOR = IdentityId.device("sensor-1");
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A call or message that reached the child's edge hub. */
    private record Reached(String caller, IdentityId target, String name, String payload, Message message) {
    }

    private final MemoryIdentityRegistry parentRegistry = new MemoryIdentityRegistry(PARENT);
    private final MemoryTwinService parentTwins = new MemoryTwinService();
    private final MemoryRouter parentRouter = MemoryRouter.completingByHand();
    private final MemoryIdentityRegistry childRegistry = new MemoryIdentityRegistry("child.test");
    private final MemoryTwinService childTwins = new MemoryTwinService();
    private final BlockingQueue<Reached> reached = new LinkedBlockingQueue<>();
    private final DirectMethods childMethods = (caller, target, method, payload, timeout) -> {
        reached.add(new Reached(caller, target, method, payload, null));
        return new MethodResult(200, "{\"done\":\"" + target + "\"}");
    };
    private final CloudToDevice childCloudToDevice = (device, message) ->
            reached.add(new Reached(null, IdentityId.device(device), "c2d", null, message));

    private final Credentials childKeys = Credentials.generateSymmetricKeys();

    private TestPki tls;
    private int port;
    private volatile ParentListener parent;
    private final AmqpParentSessions sessions = new AmqpParentSessions();
    // the session factory the link finds, as the upstream component's service lookup hands it over
    private volatile ParentSessionFactory registered = sessions;
    private Upstream upstream;
    private UpstreamEndpoint endpoint;

    @Before
    public void setUp() throws Exception {
        parentRegistry.put(Identity.device("parent-edge", true, Credentials.generateSymmetricKeys()));
        parentRegistry.put(Identity.device(CHILD, true, childKeys).withParent("parent-edge"));
        parentRegistry.put(Identity.device(SENSOR.deviceId(), false, Credentials.generateSymmetricKeys()).withParent(CHILD));
        // what the parent's components do as listeners of its registry and twins
        parentRegistry.listeners.add((id, current) -> parent.identitiesChanged());
        parentTwins.listeners.add(change -> parent.desiredChanged(change));
        childRegistry.put(Identity.device(CHILD, true, Credentials.generateSymmetricKeys()));
        tls = new TestPki(PARENT);
        sessions.activate();
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        startParent();
    }

    @After
    public void tearDown() {
        if (upstream != null) {
            upstream.stop();
        }
        if (parent != null) {
            parent.close();
        }
        sessions.deactivate();
    }

    @Test
    public void telemetryReachesTheParentsRouterAsItsOriginsAndCompletesOnlyOnceStored() throws Exception {
        connect(UpstreamToken.LIFETIME);

        CompletableFuture<Void> sent = endpoint.deliver(Message.builder().body(bytes("21.5")).messageId("m-1")
                .connectionDeviceId(SENSOR.deviceId()).applicationProperty("kind", "temperature").build())
                .toCompletableFuture();
        MemoryRouter.Routed first = parentRouter.routed.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(MessageSource.TELEMETRY, first.source());
        assertEquals(Optional.of(SENSOR.deviceId()), first.message().connectionDeviceId());
        assertEquals(Optional.empty(), first.message().connectionModuleId());
        assertEquals(Optional.of("m-1"), first.message().messageId());
        assertEquals("temperature", first.message().applicationProperties().get("kind"));
        assertEquals("21.5", new String(first.message().body(), StandardCharsets.UTF_8));
        Thread.sleep(300);
        assertFalse("not delivered before the parent stored it", sent.isDone());
        first.stage().complete(null);
        sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        CompletableFuture<Void> output = endpoint.deliver(Message.builder().body(bytes("{}"))
                .connectionDeviceId(CHILD).connectionModuleId("filter").outputName("alerts").build())
                .toCompletableFuture();
        MemoryRouter.Routed second = parentRouter.routed.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(Optional.of(CHILD), second.message().connectionDeviceId());
        assertEquals(Optional.of("filter"), second.message().connectionModuleId());
        assertEquals(Optional.of("alerts"), second.message().outputName());
        second.stage().completeExceptionally(new MessageRejectedException("store full"));
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> output.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage(), refused.getCause().getMessage().contains("store full"));
    }

    /** Far more than one batch holds (1024 messages): they reach the parent in the order they were handed in. */
    @Test
    public void messagesHandedInTogetherTravelInBatchesAndArriveInOrder() throws Exception {
        connect(UpstreamToken.LIFETIME);
        int count = 3000;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(endpoint.deliver(numbered(i)).toCompletableFuture());
        }
        for (int i = 0; i < count; i++) {
            MemoryRouter.Routed routed = parentRouter.routed.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(String.valueOf(i), new String(routed.message().body(), StandardCharsets.UTF_8));
            assertEquals(Optional.of(SENSOR.deviceId()), routed.message().connectionDeviceId());
            routed.stage().complete(null);
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * The parent refuses a batch as a whole when it cannot store one message of it: every message of
     * that batch fails (the router keeps them and sends them again), none is lost, others go on. The
     * parent settles each message as it comes, so the link never waits with all its transfers in flight.
     */
    @Test
    public void aBatchTheParentRefusesFailsItsMessagesFromTheRefusedOneOnAndSentAgainTheyArrive() throws Exception {
        connect(UpstreamToken.LIFETIME);
        int count = 200;
        int refused = 7;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(endpoint.deliver(numbered(i)).toCompletableFuture());
        }
        for (int i = 0; i < count; i++) {
            MemoryRouter.Routed routed = parentRouter.routed.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull("message " + i + " reached the parent", routed);
            assertEquals(String.valueOf(i), new String(routed.message().body(), StandardCharsets.UTF_8));
            if (i == refused) {
                routed.stage().completeExceptionally(new MessageRejectedException("store full"));
            } else {
                routed.stage().complete(null);
            }
        }
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                sent.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains("store full"));
                failed.add(i);
            }
        }
        assertTrue("the refused message failed: " + failed, failed.contains(refused));
        assertEquals("those of its batch before it are stored, they did not fail: " + failed, refused,
                (int) failed.get(0));
        assertEquals("with the rest of its batch only, one run of messages sent together: " + failed,
                failed.size() - 1, failed.get(failed.size() - 1) - failed.get(0));
        assertTrue("the other batches went through: " + failed, failed.size() < count);

        List<CompletableFuture<Void>> again = new ArrayList<>();
        failed.forEach(i -> again.add(endpoint.deliver(numbered(i)).toCompletableFuture()));
        for (int i : failed) {
            MemoryRouter.Routed resent = parentRouter.routed.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(String.valueOf(i), new String(resent.message().body(), StandardCharsets.UTF_8));
            resent.stage().complete(null);
        }
        CompletableFuture.allOf(again.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * The child asks for a telemetry stream and the parent offers it: the messages of every origin of
     * the subtree travel on the child's one link, in the order handed in, each arriving as its origin.
     */
    @Test
    public void everyOriginOfTheSubtreeTravelsOnTheChildsOneTelemetryStream() throws Exception {
        connect(UpstreamToken.LIFETIME);
        List<Message> mixed = List.of(
                numbered(0),
                Message.builder().body(bytes("1")).connectionDeviceId(CHILD).connectionModuleId("filter")
                        .outputName("alerts").build(),
                Message.builder().body(bytes("2")).build(), // the child's own
                numbered(3));
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        mixed.forEach(message -> sent.add(endpoint.deliver(message).toCompletableFuture()));
        List<MemoryRouter.Routed> routed = new ArrayList<>();
        for (int i = 0; i < mixed.size(); i++) {
            routed.add(parentRouter.routed.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(String.valueOf(i), new String(routed.get(i).message().body(), StandardCharsets.UTF_8));
            routed.get(i).stage().complete(null);
        }
        assertEquals(Optional.of(SENSOR.deviceId()), routed.get(0).message().connectionDeviceId());
        assertEquals(Optional.of(CHILD), routed.get(1).message().connectionDeviceId());
        assertEquals(Optional.of("filter"), routed.get(1).message().connectionModuleId());
        assertEquals(Optional.of("alerts"), routed.get(1).message().outputName());
        assertEquals(Optional.of(CHILD), routed.get(2).message().connectionDeviceId());
        assertEquals(Optional.empty(), routed.get(2).message().connectionModuleId());
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertFalse("the sensor has no link of its own at the parent", parent.hasOwnLink(SENSOR));
        assertFalse("nor the child's module", parent.hasOwnLink(IdentityId.module(CHILD, "filter")));
    }

    /**
     * The parent checks each origin on the stream (once per link until identities change): one outside
     * the child's subtree is refused, naming it, and so is a device that left the subtree since.
     */
    @Test
    public void theStreamRefusesOriginsOutsideTheChildsSubtreeAlsoAfterTheyLeftIt() throws Exception {
        parentRegistry.put(Identity.device("stranger", false, Credentials.generateSymmetricKeys()));
        connect(UpstreamToken.LIFETIME);
        ExecutionException refused = assertThrows(ExecutionException.class, () -> endpoint.deliver(Message.builder()
                .body(bytes("x")).connectionDeviceId("stranger").build()).toCompletableFuture()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage(), refused.getCause().getMessage().contains("stranger is neither"));
        assertNull("nothing of it was routed", parentRouter.routed.poll(200, TimeUnit.MILLISECONDS));

        CompletableFuture<Void> fromSensor = endpoint.deliver(numbered(1)).toCompletableFuture();
        parentRouter.routed.poll(WAIT.toSeconds(), TimeUnit.SECONDS).stage().complete(null);
        fromSensor.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        parentRegistry.put(Identity.device(SENSOR.deviceId(), false, Credentials.generateSymmetricKeys()));
        ExecutionException left = assertThrows(ExecutionException.class, () -> eventuallyRefused(numbered(2)));
        assertTrue(left.getCause().getMessage(), left.getCause().getMessage().contains(SENSOR + " is neither"));
    }

    @Test
    public void whileTheParentIsDownTheEndpointWaitsAndAfterwardsDeliversAgain() throws Exception {
        connect(UpstreamToken.LIFETIME);
        assertEquals(State.CONNECTED, upstream.status().state());
        assertEquals("127.0.0.1:" + port, upstream.status().address());

        parent.close();
        eventually("the endpoint is no longer ready", () -> !endpoint.isReady());
        assertEquals("the router keeps the message", true, endpoint.deliver(Message.builder().body(bytes("x"))
                .connectionDeviceId(SENSOR.deviceId()).build()).toCompletableFuture().isCompletedExceptionally());
        eventually("the link says it is down", () -> upstream.status().state() != State.CONNECTED);

        startParent();
        eventually("the link reconnects", endpoint::isReady);
        CompletableFuture<Void> sent = endpoint.deliver(Message.builder().body(bytes("again"))
                .connectionDeviceId(SENSOR.deviceId()).build()).toCompletableFuture();
        parentRouter.routed.poll(WAIT.toSeconds(), TimeUnit.SECONDS).stage().complete(null);
        sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(State.CONNECTED, upstream.status().state());
    }

    @Test
    public void theSasTokenIsRenewedOnTheOpenConnection() throws Exception {
        connect(Duration.ofSeconds(6));
        Instant connectedSince = upstream.status().since();
        Thread.sleep(8000); // past the first token's expiry, when the parent closes the links of a stale token

        assertEquals("the same connection", connectedSince, upstream.status().since());
        assertEquals(State.CONNECTED, upstream.status().state());
        CompletableFuture<Void> sent = endpoint.deliver(Message.builder().body(bytes("late"))
                .connectionDeviceId(SENSOR.deviceId()).build()).toCompletableFuture();
        parentRouter.routed.poll(WAIT.toSeconds(), TimeUnit.SECONDS).stage().complete(null);
        sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    public void theParentsIdentitySnapshotsLandInTheChildsRegistry() throws Exception {
        connect(UpstreamToken.LIFETIME);
        eventually("the first snapshot arrives", () -> childRegistry.find(SENSOR).isPresent());
        assertEquals(CHILD, childRegistry.find(SENSOR).orElseThrow().parentId());
        Identity own = childRegistry.find(IdentityId.device(CHILD)).orElseThrow();
        assertEquals("this node's keys are the parent's", childKeys, own.credentials());
        assertNull(own.parentId());
        assertTrue("the parent's own device stays above", childRegistry.find(IdentityId.device("parent-edge")).isEmpty());

        IdentityId added = IdentityId.device("sensor-2");
        parentRegistry.put(Identity.device(added.deviceId(), false, Credentials.generateSymmetricKeys()).withParent(CHILD));
        eventually("an added device arrives", () -> childRegistry.find(added).isPresent());
        parentRegistry.remove(added);
        eventually("a removed device goes", () -> childRegistry.find(added).isEmpty());
    }

    @Test
    public void desiredSectionsSetAtTheParentReachTheChildsTwins() throws Exception {
        parentTwins.patchDesired(SENSOR, "{\"threshold\":25}");
        connect(UpstreamToken.LIFETIME);
        eventually("the full set arrives on attach", () -> childTwins.get(SENSOR).desiredVersion() == 1);
        assertEquals("{\"threshold\":25}", childTwins.get(SENSOR).desired());

        parentTwins.patchDesired(SENSOR, "{\"threshold\":30}");
        eventually("a change arrives", () -> childTwins.get(SENSOR).desiredVersion() == 2);
        assertEquals("{\"threshold\":30}", childTwins.get(SENSOR).desired());
    }

    @Test
    public void reportedChangesAtTheChildReachTheParentsTwins() throws Exception {
        IdentityId agent = IdentityId.module(CHILD, "$edgeAgent");
        childTwins.patchReported(agent, "{\"runtime\":\"running\"}");
        childTwins.listeners.add(new TwinListener() {
            @Override
            public void desiredChanged(DesiredChange change) {
            }

            @Override
            public void reportedChanged(IdentityId identity, long version) {
                upstream.reportedChanged(identity);
            }
        });
        connect(UpstreamToken.LIFETIME);
        eventually("all reported sections go up on attach", () -> parentTwins.get(agent).reportedVersion() == 1);
        assertEquals("{\"runtime\":\"running\"}", parentTwins.get(agent).reported());

        childTwins.patchReported(SENSOR, "{\"battery\":80}");
        eventually("a change goes up", () -> parentTwins.get(SENSOR).reportedVersion() == 1);
        Twin mirrored = parentTwins.get(SENSOR);
        assertEquals("{\"battery\":80}", mirrored.reported());
    }

    @Test
    public void methodsAndCloudToDeviceMessagesFromTheParentReachTheChildsEdgeHub() throws Exception {
        connect(UpstreamToken.LIFETIME);
        eventually("the parent sees the sensor through the child", () -> parent.isConnected(SENSOR));

        MethodResult answer = parent.invokeMethod(SENSOR, "reboot", "{\"delay\":5}", Duration.ofSeconds(10));
        assertEquals(200, answer.status());
        assertEquals("{\"done\":\"sensor-1\"}", answer.payload());
        Reached call = reached.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(DirectMethods.FROM_UPSTREAM, call.caller());
        assertEquals(SENSOR, call.target());
        assertEquals("reboot", call.name());
        assertEquals("{\"delay\":5}", call.payload());

        parent.sendToDevice(SENSOR, Message.builder().body(bytes("open valve 3")).messageId("c2d-1").build());
        Reached message = reached.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(SENSOR, message.target());
        assertEquals("open valve 3", new String(message.message().body(), StandardCharsets.UTF_8));
        assertEquals(Optional.of("c2d-1"), message.message().messageId());
    }

    @Test
    public void aClientCertificateAuthenticatesWithSaslExternal() throws Exception {
        TestPki certificate = new TestPki(CHILD);
        parentRegistry.put(new Identity(IdentityId.device(CHILD), IdentityKind.EDGE_DEVICE, true,
                Credentials.thumbprints(MemoryAuthentication.thumbprint(certificate.certificate), null), "parent-edge"));
        UpstreamSettings settings = new UpstreamSettings(UpstreamSettings.AMQP, PARENT, "127.0.0.1", port, CHILD, null,
                Path.of("child-edge.cert.pem"), Path.of("child-edge.key.pem"), "secret");
        // as the certificate store makes it from those files (its own tests read them)
        SSLContext client = certificate.clientContextPresentingThis(tls);

        connect(settings, () -> client, null);

        CompletableFuture<Void> sent = endpoint.deliver(Message.builder().body(bytes("by certificate"))
                .connectionDeviceId(SENSOR.deviceId()).build()).toCompletableFuture();
        parentRouter.routed.poll(WAIT.toSeconds(), TimeUnit.SECONDS).stage().complete(null);
        sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        eventually("identities arrive as well", () -> childRegistry.find(SENSOR).isPresent());
    }

    @Test
    public void theLinkWaitsForASessionFactoryOfItsProtocolAndGoesDownWithIt() throws Exception {
        registered = null;
        UpstreamSettings settings = sasSettings();
        SSLContext client = tls.clientContext();
        start(settings, () -> client, new UpstreamToken(settings, UpstreamToken.LIFETIME, Clock.systemUTC()));
        eventually("the link says what is missing", () -> upstream.status().lastError() != null);
        assertEquals(State.DISCONNECTED, upstream.status().state());
        assertEquals("no amqp session to the parent: install the feature strata-amqp", upstream.status().lastError());
        assertFalse(endpoint.isReady());

        registered = sessions;
        upstream.factoryAdded();
        eventually("the link connects once the factory is there", endpoint::isReady);
        assertEquals(State.CONNECTED, upstream.status().state());

        registered = null;
        upstream.factoryRemoved(sessions);
        eventually("the link goes down with its factory", () -> !endpoint.isReady());
        eventually("and says what is missing", () -> upstream.status().lastError() != null
                && upstream.status().lastError().startsWith("no amqp session"));
        assertEquals(State.DISCONNECTED, upstream.status().state());
    }

    private void startParent() throws Exception {
        MemoryAuthentication authentication = new MemoryAuthentication(parentRegistry);
        parent = new ParentListener(port, tls.serverContext(), PARENT, authentication, authentication, parentRegistry,
                new EdgeHubChildNodes(parentRegistry, parentTwins), parentRouter, parentTwins);
    }

    private void connect(Duration tokenLifetime) throws Exception {
        UpstreamSettings settings = sasSettings();
        SSLContext client = tls.clientContext();
        connect(settings, () -> client, new UpstreamToken(settings, tokenLifetime, Clock.systemUTC()));
    }

    private void connect(UpstreamSettings settings, Supplier<SSLContext> client, UpstreamToken token)
            throws InterruptedException {
        start(settings, client, token);
        eventually("the link connects", endpoint::isReady);
    }

    private void start(UpstreamSettings settings, Supplier<SSLContext> client, UpstreamToken token) {
        LocalNodeServices local = new LocalNodeServices(new EdgeHubParentNode(childRegistry, childTwins, CHILD),
                () -> Optional.of(childMethods), () -> Optional.of(childCloudToDevice));
        upstream = new Upstream(settings, client, token, local, Clock.systemUTC(), () -> Optional.ofNullable(registered));
        endpoint = new UpstreamEndpoint(upstream, CHILD);
        upstream.start();
    }

    /** The child's link settings: this parent over AMQP, and the child's SAS key. */
    private UpstreamSettings sasSettings() {
        return new UpstreamSettings(UpstreamSettings.AMQP, PARENT, "127.0.0.1", port, CHILD, childKeys.primary(), null,
                null, "");
    }

    private void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + WAIT.toSeconds() + " s: " + what + " (link: "
                        + (upstream == null ? "none" : upstream.status()) + ")");
            }
            Thread.sleep(20);
        }
    }

    /** Sends the message until the parent refuses it (it may still take it while its identity change is under way). */
    private void eventuallyRefused(Message message) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            CompletableFuture<Void> sent = endpoint.deliver(message).toCompletableFuture();
            MemoryRouter.Routed routed = parentRouter.routed.poll(200, TimeUnit.MILLISECONDS);
            if (routed != null) {
                routed.stage().complete(null);
            }
            sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static Message numbered(int i) {
        return Message.builder().body(bytes(String.valueOf(i))).connectionDeviceId(SENSOR.deviceId()).build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
