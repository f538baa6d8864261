package io.strata.amqp.internal.server;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assume.assumeTrue;

import io.strata.amqp.internal.engine.ConnectLimits;
import io.strata.amqp.internal.protocol.AmqpNames;
import io.strata.amqp.internal.protocol.Cbs;
import io.strata.amqp.internal.protocol.MessageMapping;
import io.strata.amqp.internal.protocol.ProtonMessages;
import io.strata.amqp.internal.server.TestClient.LinkHandle;
import io.strata.amqp.internal.server.TestClient.Received;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.KeySlot;
import io.strata.api.identity.SasToken;
import io.strata.api.message.Message;
import io.strata.api.module.MethodResult;
import io.strata.api.routing.MessageRejectedException;
import io.strata.edgehub.internal.nodes.EdgeHubChildNodes;
import io.strata.edgehub.internal.nodes.EdgeHubParentNode;
import io.strata.api.identity.KeySlot;
import io.strata.testing.CapturedLog;
import io.strata.testing.MemoryAuthentication;
import io.strata.testing.MemoryIdentityRegistry;
import io.strata.testing.MemoryRouter;
import io.strata.testing.MemoryTwinService;
import io.strata.testing.TestPki;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Footer;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Sasl;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * The real listener on a free port with TLS, talked to by a real Proton-J client on the engine
 * driver, with in-memory identity, router and twin services and the edge hub's real
 * {@link EdgeHubChildNodes} on them.
 */
public class AmqpListenerTest {

    private static final String HOSTNAME = "edge-1.local";
    private static final long WAIT = TestClient.WAIT_SECONDS;


    private final MemoryIdentityRegistry identities = new MemoryIdentityRegistry(HOSTNAME);
    private final MemoryAuthentication authentication = new MemoryAuthentication(identities);
    private final MemoryRouter router = MemoryRouter.completingByHand();
    private final MemoryTwinService twins = new MemoryTwinService();
    private TestPki pki;
    private AmqpListener listener;
    private TestClient client;
    private ServerServices services;

    @Rule
    public CapturedLog log = new CapturedLog();

    @Before
    public void start() throws Exception {
        pki = new TestPki("localhost");
        identities.put(Identity.device("sensor", false, Credentials.generateSymmetricKeys()));
        identities.put(Identity.device("other", false, Credentials.generateSymmetricKeys()));
        identities.put(Identity.device("child", true, Credentials.generateSymmetricKeys()));
        identities.put(Identity.device("leaf", false, Credentials.generateSymmetricKeys()).withParent("child"));
        identities.put(Identity.device("grandchild", false, Credentials.generateSymmetricKeys()).withParent("leaf"));
        identities.put(Identity.module("child", "$edgeAgent", Credentials.generateSymmetricKeys()));
        identities.put(Identity.device("gw", true, Credentials.generateSymmetricKeys()));
        identities.put(Identity.module("gw", "filter", Credentials.generateSymmetricKeys()));
        services = new ServerServices(HOSTNAME, 4096, authentication, authentication, identities,
                new EdgeHubChildNodes(identities, twins), () -> Optional.of(router), () -> Optional.of(twins), Optional::empty, Clock.systemUTC());
        listener = new AmqpListener("127.0.0.1", 0, pki.serverContext(), new ConnectLimits(Duration.ofSeconds(10), 1000),
                services);
    }

    private void restartListener(ConnectLimits limits) throws Exception {
        listener.close();
        listener = new AmqpListener("127.0.0.1", 0, pki.serverContext(), limits, services);
    }

    @After
    public void stop() {
        if (client != null) {
            client.close();
        }
        listener.close();
    }

    @Test
    public void onLinuxX8664BothEndsRunOnTheNativeTransport() throws Exception {
        assumeTrue("Linux on x86-64, where the node ships Netty's epoll library",
                System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"));
        client = anonymous();
        attached(client.sender("$cbs"));

        Set<String> loops = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.contains("EventLoopGroup")).map(name -> name.substring(0, name.indexOf('-')))
                .collect(Collectors.toSet());
        assertEquals(Set.of("epollEventLoopGroup"), loops);
    }

    @Test
    public void cbsPutTokenIsAcceptedWithAGoodTokenAndRefusedWithABadOne() throws Exception {
        client = anonymous();
        LinkHandle requests = attached(client.sender("$cbs"));
        LinkHandle replies = attached(client.receiver("$cbs"));

        client.send(requests, Cbs.putTokenRequest("req-1", HOSTNAME + "/devices/sensor", token("sensor")));
        Cbs.Response ok = Cbs.parseResponse(replies.next().message());
        assertEquals("req-1", ok.correlationId());
        assertEquals(200, ok.status());

        String forged = SasToken.create(HOSTNAME + "/devices/other", Credentials.generateSymmetricKeys().primary(),
                Instant.now().plusSeconds(600));
        client.send(requests, Cbs.putTokenRequest("req-2", HOSTNAME + "/devices/other", forged));
        Cbs.Response refused = Cbs.parseResponse(replies.next().message());
        assertEquals("req-2", refused.correlationId());
        assertEquals(401, refused.status());
        assertThat(refused.description(), containsString("other"));

        // The refused identity got nothing: its links are refused, the accepted one's are not.
        assertEquals(AmqpNames.UNAUTHORIZED_ACCESS, client.sender("/devices/other/messages/events").attachResult().getCondition());
        assertThat(client.sender("/devices/sensor/messages/events").attachResult(), nullValue());
    }

    /**
     * The Azure IoT SDK's module client names the device in its put-token and the module in the
     * token's {@code sr}; IoT Hub and IoT Edge authenticate the module.
     */
    @Test
    public void aModulesPutTokenNamingItsDeviceAuthenticatesTheModuleOfTheToken() throws Exception {
        client = anonymous();
        LinkHandle requests = attached(client.sender("$cbs"));
        LinkHandle replies = attached(client.receiver("$cbs"));

        client.send(requests, Cbs.putTokenRequest("sdk-module", HOSTNAME + "/devices/gw", token("gw/filter")));
        assertEquals(200, Cbs.parseResponse(replies.next().message()).status());
        assertThat(client.sender("/devices/gw/modules/filter/messages/events").attachResult(), nullValue());
        // The token named the module, not its device.
        assertEquals(AmqpNames.UNAUTHORIZED_ACCESS,
                client.sender("/devices/gw/messages/events").attachResult().getCondition());

        // A token for another device's module does not pass for it.
        client.send(requests, Cbs.putTokenRequest("elsewhere", HOSTNAME + "/devices/other", token("gw/filter")));
        assertEquals(401, Cbs.parseResponse(replies.next().message()).status());
    }

    @Test
    public void saslPlainWithABadTokenFailsTheConnection() throws Exception {
        client = TestClient.connect(listener.port(), pki.clientContext(), "PLAIN", "sensor@sas." + HOSTNAME,
                token("other"));
        assertEquals(Sasl.SaslOutcome.PN_SASL_AUTH, client.saslOutcome());
    }

    @Test
    public void telemetryIsAcceptedOnlyOnceTheRouterStageCompletesAndRejectedWhenItRefuses() throws Exception {
        client = plain("sensor");
        LinkHandle events = attached(client.sender("/devices/sensor/messages/events"));
        org.apache.qpid.proton.message.Message sent = ProtonMessages.withData("21.5".getBytes(StandardCharsets.UTF_8));
        ProtonMessages.setProperty(sent, "unit", "C");
        ProtonMessages.annotate(sent, AmqpNames.CONNECTION_DEVICE_ID, "somebody-else");
        CompletableFuture<DeliveryState> first = client.send(events, sent);

        MemoryRouter.Routed routed = router.routed.poll(WAIT, TimeUnit.SECONDS);
        Message message = routed.message();
        assertEquals(Optional.of("sensor"), message.connectionDeviceId());
        assertEquals("C", message.applicationProperties().get("unit"));
        assertEquals("21.5", new String(message.body(), StandardCharsets.UTF_8));
        assertThat(message.enqueuedTime().isPresent(), is(true));
        Thread.sleep(300);
        assertFalse("Accepted before the router stored it", first.isDone());
        routed.stage().complete(null);
        assertThat(first.get(WAIT, TimeUnit.SECONDS), instanceOf(Accepted.class));

        CompletableFuture<DeliveryState> second = client.send(events, ProtonMessages.withData(new byte[] {1}));
        router.routed.poll(WAIT, TimeUnit.SECONDS).stage()
                .completeExceptionally(new MessageRejectedException("the store is full"));
        DeliveryState refused = second.get(WAIT, TimeUnit.SECONDS);
        assertThat(refused, instanceOf(Rejected.class));
        assertThat(((Rejected) refused).getError().getDescription(), containsString("the store is full"));
    }

    @Test
    public void anOversizedMessageIsRejectedNamingTheLimitAndTheLinkStaysUsable() throws Exception {
        client = plain("sensor");
        LinkHandle events = attached(client.sender("/devices/sensor/messages/events"));
        DeliveryState state = client.send(events, ProtonMessages.withData(new byte[5000])).get(WAIT, TimeUnit.SECONDS);
        assertThat(state, instanceOf(Rejected.class));
        assertThat(((Rejected) state).getError().getDescription(), containsString("4096"));

        CompletableFuture<DeliveryState> next = client.send(events, ProtonMessages.withData(new byte[10]));
        router.routed.poll(WAIT, TimeUnit.SECONDS).stage().complete(null);
        assertThat(next.get(WAIT, TimeUnit.SECONDS), instanceOf(Accepted.class));
    }

    @Test
    public void aBatchIsAcceptedOnlyOnceEveryMessageIsStoredAndItsMessagesAreRoutedInOrder() throws Exception {
        client = plain("sensor");
        LinkHandle events = attached(client.sender("/devices/sensor/messages/events"));
        CompletableFuture<DeliveryState> first = client.sendBatch(events, List.of(data("1"), data("2"), data("3")));
        CompletableFuture<DeliveryState> second = client.sendBatch(events, List.of(data("4"), data("5")));

        List<MemoryRouter.Routed> routed = routed(5);
        assertEquals(List.of("1", "2", "3", "4", "5"), routed.stream().map(AmqpListenerTest::body).toList());
        routed.forEach(each -> assertEquals(Optional.of("sensor"), each.message().connectionDeviceId()));
        routed.get(0).stage().complete(null);
        routed.get(1).stage().complete(null);
        routed.get(3).stage().complete(null);
        routed.get(4).stage().complete(null);
        assertThat(second.get(WAIT, TimeUnit.SECONDS), instanceOf(Accepted.class));
        Thread.sleep(300);
        assertFalse("Accepted before its last message was stored", first.isDone());
        routed.get(2).stage().complete(null);
        assertThat(first.get(WAIT, TimeUnit.SECONDS), instanceOf(Accepted.class));
    }

    @Test
    public void aBatchWithOneRefusedMessageIsRejectedAsAWholeOnceTheOthersHaveTheirOutcome() throws Exception {
        client = plain("sensor");
        LinkHandle events = attached(client.sender("/devices/sensor/messages/events"));
        CompletableFuture<DeliveryState> outcome = client.sendBatch(events, List.of(data("a"), data("b"), data("c")));
        List<MemoryRouter.Routed> routed = routed(3);
        routed.get(1).stage().completeExceptionally(new MessageRejectedException("the store is full"));
        routed.get(0).stage().complete(null);
        Thread.sleep(300);
        assertFalse("Settled while a message of the batch was still on its way to disk", outcome.isDone());
        routed.get(2).stage().complete(null);

        DeliveryState refused = outcome.get(WAIT, TimeUnit.SECONDS);
        assertThat(refused, instanceOf(Rejected.class));
        assertEquals(AmqpNames.NOT_ALLOWED, ((Rejected) refused).getError().getCondition());
        assertThat(((Rejected) refused).getError().getDescription(),
                containsString("message 2 of the batch of 3: the store is full"));
    }

    @Test
    public void aBatchWithAnOversizedMessageIsRejectedBeforeAnyOfItIsRouted() throws Exception {
        client = plain("sensor");
        LinkHandle events = attached(client.sender("/devices/sensor/messages/events"));
        DeliveryState state = client.sendBatch(events, List.of(data("ok"), ProtonMessages.withData(new byte[5000])))
                .get(WAIT, TimeUnit.SECONDS);
        assertThat(state, instanceOf(Rejected.class));
        assertThat(((Rejected) state).getError().getDescription(), containsString("message 2 of the batch of 2"));
        assertThat(((Rejected) state).getError().getDescription(), containsString("4096"));
        assertThat(router.routed.isEmpty(), is(true));
    }

    @Test
    public void onlyTelemetryLinksTakeBatches() throws Exception {
        client = plain("sensor");
        LinkHandle twin = attached(client.sender("/devices/sensor/twin"));
        DeliveryState state = client.sendBatch(twin, List.of(data("{}"), data("{}"))).get(WAIT, TimeUnit.SECONDS);
        assertThat(state, instanceOf(Rejected.class));
        assertEquals(AmqpNames.NOT_ALLOWED, ((Rejected) state).getError().getCondition());
    }

    @Test
    public void anAttachForAnotherIdentityIsRefusedNamingIt() throws Exception {
        client = plain("sensor");
        ErrorCondition refused = client.sender("/devices/other/messages/events").attachResult();
        assertEquals(AmqpNames.UNAUTHORIZED_ACCESS, refused.getCondition());
        assertThat(refused.getDescription(), containsString("other"));
    }

    @Test
    public void anUnknownAddressIsRefusedNamingIt() throws Exception {
        client = plain("sensor");
        ErrorCondition refused = client.sender("/devices/sensor/nowhere").attachResult();
        assertEquals(AmqpNames.NOT_FOUND, refused.getCondition());
        assertThat(refused.getDescription(), containsString("/devices/sensor/nowhere"));
        // The connection goes on.
        assertThat(client.sender("/devices/sensor/messages/events").attachResult(), nullValue());
    }

    @Test
    public void anEdgeDeviceSendsOnBehalfOfItsSubtreeButNotForOthers() throws Exception {
        client = anonymous();
        putToken(client, "child");
        LinkHandle forLeaf = attached(client.sender("/devices/grandchild/messages/events"));
        org.apache.qpid.proton.message.Message forwarded = ProtonMessages.withData(new byte[] {7});
        ProtonMessages.annotate(forwarded, AmqpNames.ENQUEUED_TIME, java.util.Date.from(Instant.parse("2024-01-02T03:04:05Z")));
        CompletableFuture<DeliveryState> outcome = client.send(forLeaf, forwarded);
        MemoryRouter.Routed routed = router.routed.poll(WAIT, TimeUnit.SECONDS);
        assertEquals(Optional.of("grandchild"), routed.message().connectionDeviceId());
        assertEquals(Optional.of(Instant.parse("2024-01-02T03:04:05Z")), routed.message().enqueuedTime());
        routed.stage().complete(null);
        assertThat(outcome.get(WAIT, TimeUnit.SECONDS), instanceOf(Accepted.class));

        // A module of a device below the edge device need not be registered here.
        assertThat(client.sender("/devices/leaf/modules/unregistered/messages/events").attachResult(), nullValue());

        ErrorCondition refused = client.sender("/devices/other/messages/events").attachResult();
        assertEquals(AmqpNames.UNAUTHORIZED_ACCESS, refused.getCondition());
        assertThat(refused.getDescription(), containsString("other"));
    }

    /**
     * An edge device that asks for a telemetry stream on its own events address gets it: each message
     * arrives as the origin it names, checked against the subtree; a device that is no edge device is
     * not offered one, and what it sends stays its own whatever it names.
     */
    @Test
    public void onlyAnEdgeDeviceGetsATelemetryStreamAndEachOriginOnItIsChecked() throws Exception {
        client = anonymous();
        putToken(client, "child");
        LinkHandle stream = attached(client.sender("/devices/child/messages/events", AmqpNames.ORIGIN_STREAM));
        assertThat(Arrays.asList(stream.link.getRemoteOfferedCapabilities()), hasItem(AmqpNames.ORIGIN_STREAM));
        org.apache.qpid.proton.message.Message forwarded = ProtonMessages.withData(new byte[] {7});
        ProtonMessages.annotate(forwarded, AmqpNames.CONNECTION_DEVICE_ID, "grandchild");
        ProtonMessages.annotate(forwarded, AmqpNames.ENQUEUED_TIME, java.util.Date.from(Instant.parse("2024-01-02T03:04:05Z")));
        org.apache.qpid.proton.message.Message own = ProtonMessages.withData(new byte[] {8});
        CompletableFuture<DeliveryState> outcome = client.sendBatch(stream, List.of(forwarded, own));
        MemoryRouter.Routed first = router.routed.poll(WAIT, TimeUnit.SECONDS);
        MemoryRouter.Routed second = router.routed.poll(WAIT, TimeUnit.SECONDS);
        assertEquals(Optional.of("grandchild"), first.message().connectionDeviceId());
        assertEquals(Optional.of(Instant.parse("2024-01-02T03:04:05Z")), first.message().enqueuedTime());
        assertEquals(Optional.of("child"), second.message().connectionDeviceId());
        first.stage().complete(null);
        second.stage().complete(null);
        assertThat(outcome.get(WAIT, TimeUnit.SECONDS), instanceOf(Accepted.class));

        org.apache.qpid.proton.message.Message foreign = ProtonMessages.withData(new byte[] {9});
        ProtonMessages.annotate(foreign, AmqpNames.CONNECTION_DEVICE_ID, "other");
        DeliveryState refused = client.send(stream, foreign).get(WAIT, TimeUnit.SECONDS);
        assertThat(refused, instanceOf(Rejected.class));
        assertEquals(AmqpNames.UNAUTHORIZED_ACCESS, ((Rejected) refused).getError().getCondition());
        assertThat(((Rejected) refused).getError().getDescription(), containsString("other is neither child"));
        assertThat(router.routed.poll(200, TimeUnit.MILLISECONDS), nullValue());
        client.close();

        client = plain("sensor");
        LinkHandle notAStream = attached(client.sender("/devices/sensor/messages/events", AmqpNames.ORIGIN_STREAM));
        assertThat(notAStream.link.getRemoteOfferedCapabilities(), nullValue());
        org.apache.qpid.proton.message.Message posing = ProtonMessages.withData(new byte[] {1});
        ProtonMessages.annotate(posing, AmqpNames.CONNECTION_DEVICE_ID, "grandchild");
        CompletableFuture<DeliveryState> sent = client.send(notAStream, posing);
        MemoryRouter.Routed routed = router.routed.poll(WAIT, TimeUnit.SECONDS);
        assertEquals(Optional.of("sensor"), routed.message().connectionDeviceId());
        routed.stage().complete(null);
        assertThat(sent.get(WAIT, TimeUnit.SECONDS), instanceOf(Accepted.class));
    }

    /**
     * A message a child forwards as it was stamped below keeps the bytes it arrived as, and this node's
     * link to its parent sends those; one that this node stamps (an origin the message does not name, a
     * direct client's enqueued time) is encoded again.
     */
    @Test
    public void aForwardedMessageThatNoStampChangesKeepsTheBytesItArrivedAs() throws Exception {
        client = anonymous();
        putToken(client, "child");
        LinkHandle stream = attached(client.sender("/devices/child/messages/events", AmqpNames.ORIGIN_STREAM));
        org.apache.qpid.proton.message.Message forwarded = ProtonMessages.withData(new byte[] {7});
        ProtonMessages.annotate(forwarded, AmqpNames.CONNECTION_DEVICE_ID, "grandchild");
        ProtonMessages.annotate(forwarded, AmqpNames.ENQUEUED_TIME, java.util.Date.from(Instant.parse("2024-01-02T03:04:05Z")));
        ProtonMessages.setProperty(forwarded, "unit", "C");
        org.apache.qpid.proton.message.Message forInput = ProtonMessages.withData(new byte[] {8});
        ProtonMessages.annotate(forInput, AmqpNames.CONNECTION_DEVICE_ID, "grandchild");
        ProtonMessages.annotate(forInput, AmqpNames.ENQUEUED_TIME, java.util.Date.from(Instant.parse("2024-01-02T03:04:05Z")));
        ProtonMessages.annotate(forInput, AmqpNames.INPUT_NAME, "input1");
        org.apache.qpid.proton.message.Message own = ProtonMessages.withData(new byte[] {9});
        org.apache.qpid.proton.message.Message footed = ProtonMessages.withData(new byte[] {10});
        ProtonMessages.annotate(footed, AmqpNames.CONNECTION_DEVICE_ID, "grandchild");
        ProtonMessages.annotate(footed, AmqpNames.ENQUEUED_TIME, java.util.Date.from(Instant.parse("2024-01-02T03:04:05Z")));
        footed.setFooter(new Footer(Map.of(Symbol.valueOf("padding"), "x")));
        CompletableFuture<DeliveryState> outcome = client.sendBatch(stream, List.of(forwarded, forInput, own, footed));
        List<MemoryRouter.Routed> routed = routed(4);
        routed.forEach(each -> each.stage().complete(null));
        assertThat(outcome.get(WAIT, TimeUnit.SECONDS), instanceOf(Accepted.class));

        Message kept = routed.get(0).message();
        assertArrayEquals(ProtonMessages.encode(forwarded), kept.received(MessageMapping.FORMAT));
        assertArrayEquals(kept.received(MessageMapping.FORMAT), MessageMapping.encode(kept));
        assertEquals(kept, MessageMapping.fromProton(ProtonMessages.decode(MessageMapping.encode(kept))).build());
        assertThat(routed.get(1).message().received(MessageMapping.FORMAT), nullValue());
        assertEquals(Optional.empty(), routed.get(1).message().inputName());
        assertThat(routed.get(2).message().received(MessageMapping.FORMAT), nullValue());
        assertEquals(Optional.of("child"),
                MessageMapping.fromProton(ProtonMessages.decode(MessageMapping.encode(routed.get(2).message())))
                        .build().connectionDeviceId());
        // a section the mapping drops (a foreign child's footer) is not forwarded: the message is encoded again
        assertThat(routed.get(3).message().received(MessageMapping.FORMAT), nullValue());
        client.close();

        client = plain("sensor");
        LinkHandle direct = attached(client.sender("/devices/sensor/messages/events"));
        CompletableFuture<DeliveryState> sent = client.send(direct, forwarded);
        MemoryRouter.Routed stamped = router.routed.poll(WAIT, TimeUnit.SECONDS);
        assertThat(stamped.message().received(MessageMapping.FORMAT), nullValue());
        stamped.stage().complete(null);
        assertThat(sent.get(WAIT, TimeUnit.SECONDS), instanceOf(Accepted.class));
    }

    @Test
    public void aModuleInputCompletesWhenTheModuleAccepts() throws Exception {
        client = plain("gw/filter");
        LinkHandle inputs = attached(client.receiver("/devices/gw/modules/filter/messages/events"));
        IdentityId module = IdentityId.module("gw", "filter");
        assertThat(listener.listensForInputs(module), is(true));

        CompletionStage<Void> delivered = listener.deliverToInput(module, "input1",
                Message.builder().body("hot".getBytes(StandardCharsets.UTF_8)).connectionDeviceId("gw")
                        .connectionModuleId("sensor").outputName("out").build());
        Received received = inputs.next();
        assertEquals("input1", ProtonMessages.annotation(received.message(), AmqpNames.INPUT_NAME));
        assertEquals("hot", ProtonMessages.bodyText(received.message()));
        Thread.sleep(200);
        assertFalse("completed before the module accepted", delivered.toCompletableFuture().isDone());
        client.accept(received);
        delivered.toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
    }

    @Test
    public void aDirectMethodMakesTheRoundTrip() throws Exception {
        client = plain("sensor");
        LinkHandle requests = attached(client.receiver("/devices/sensor/methods/devicebound"));
        LinkHandle answers = attached(client.sender("/devices/sensor/methods/devicebound"));
        CompletableFuture<MethodResult> result = CompletableFuture.supplyAsync(() ->
                listener.invokeMethod(IdentityId.device("sensor"), "reboot", "{\"delay\":5}", Duration.ofSeconds(10)));

        Received request = requests.next();
        client.accept(request);
        assertEquals("reboot", ProtonMessages.property(request.message(), AmqpNames.METHOD_NAME));
        assertEquals("{\"delay\":5}", ProtonMessages.bodyText(request.message()));
        org.apache.qpid.proton.message.Message answer = ProtonMessages.withData("{\"done\":true}".getBytes(StandardCharsets.UTF_8));
        Properties properties = new Properties();
        properties.setCorrelationId(request.message().getProperties().getCorrelationId());
        answer.setProperties(properties);
        ProtonMessages.setProperty(answer, AmqpNames.METHOD_STATUS, 201);
        client.send(answers, answer);

        assertEquals(new MethodResult(201, "{\"done\":true}"), result.get(WAIT, TimeUnit.SECONDS));
        assertEquals(MethodResult.NOT_FOUND,
                listener.invokeMethod(IdentityId.device("other"), "reboot", "{}", Duration.ofSeconds(1)).status());
    }

    @Test
    public void twinGetAndReportedPatchAreAnswered() throws Exception {
        client = plain("sensor");
        LinkHandle responses = attached(client.receiver("/devices/sensor/twin"));
        LinkHandle requests = attached(client.sender("/devices/sensor/twin"));

        org.apache.qpid.proton.message.Message patch = twinRequest("PATCH", "p-1", "{\"temp\":20}");
        ProtonMessages.annotate(patch, AmqpNames.RESOURCE, AmqpNames.RESOURCE_REPORTED);
        client.send(requests, patch);
        Received patched = responses.next();
        assertEquals("p-1", patched.message().getProperties().getCorrelationId());
        assertEquals(204L, (long) ProtonMessages.number(ProtonMessages.annotation(patched.message(), AmqpNames.STATUS)));
        assertEquals(1L, (long) ProtonMessages.number(ProtonMessages.annotation(patched.message(), AmqpNames.VERSION)));

        client.send(requests, twinRequest("GET", "g-1", ""));
        Received document = responses.next();
        assertEquals("g-1", document.message().getProperties().getCorrelationId());
        assertEquals(200L, (long) ProtonMessages.number(ProtonMessages.annotation(document.message(), AmqpNames.STATUS)));
        assertThat(ProtonMessages.bodyText(document.message()), containsString("\"temp\":20"));
    }

    @Test
    public void aModuleAuthenticatedAsTheSdkDoesGetsAndPatchesItsTwin() throws Exception {
        client = anonymous();
        LinkHandle cbsRequests = attached(client.sender("$cbs"));
        LinkHandle cbsReplies = attached(client.receiver("$cbs"));
        client.send(cbsRequests, Cbs.putTokenRequest("sdk-module", HOSTNAME + "/devices/gw", token("gw/filter")));
        assertEquals(200, Cbs.parseResponse(cbsReplies.next().message()).status());
        LinkHandle responses = attached(client.receiver("/devices/gw/modules/filter/twin"));
        LinkHandle requests = attached(client.sender("/devices/gw/modules/filter/twin"));

        org.apache.qpid.proton.message.Message subscribe = twinRequest("PUT", "s-1", "");
        ProtonMessages.annotate(subscribe, AmqpNames.RESOURCE, "/notifications/twin/properties/desired");
        client.send(requests, subscribe);
        assertEquals("s-1", responses.next().message().getProperties().getCorrelationId());
        client.send(requests, twinRequest("GET", "g-1", ""));
        assertEquals("g-1", responses.next().message().getProperties().getCorrelationId());
        org.apache.qpid.proton.message.Message patch = twinRequest("PATCH", "p-1", "{\"temp\":20}");
        ProtonMessages.annotate(patch, AmqpNames.RESOURCE, AmqpNames.RESOURCE_REPORTED);
        client.send(requests, patch);
        Received patched = responses.next();
        assertEquals("p-1", patched.message().getProperties().getCorrelationId());
        assertEquals(204L, (long) ProtonMessages.number(ProtonMessages.annotation(patched.message(), AmqpNames.STATUS)));
    }

    @Test
    public void theIdentitiesNodeLinkSendsTheSubtreeOnAttach() throws Exception {
        client = anonymous();
        putToken(client, "child");
        LinkHandle snapshots = attached(client.receiver("/devices/child/$strata/identities"));
        // read as the child node reads it
        MemoryIdentityRegistry atTheChild = new MemoryIdentityRegistry("child.local");
        new EdgeHubParentNode(atTheChild, new MemoryTwinService(), "child")
                .applyIdentitySnapshot(ProtonMessages.bodyText(snapshots.next().message()));
        List<String> ids = atTheChild.devices().stream().map(identity -> identity.id().toString()).toList();
        assertEquals(List.of("child", "grandchild", "leaf"), ids);
        assertEquals(List.of(identities.find(IdentityId.module("child", "$edgeAgent")).orElseThrow()),
                atTheChild.modules("child"));
        assertEquals(identities.find(IdentityId.device("leaf")).orElseThrow(),
                atTheChild.find(IdentityId.device("leaf")).orElseThrow());

        // A leaf device has no node links, even on behalf of the edge device above it.
        assertEquals(AmqpNames.UNAUTHORIZED_ACCESS,
                client.receiver("/devices/leaf/$strata/identities").attachResult().getCondition());
    }

    @Test
    public void theDesiredNodeLinkSendsTheSubtreesSectionsOnAttachAndOnChange() throws Exception {
        twins.patchDesired(IdentityId.module("child", "$edgeAgent"), "{\"modules\":{}}");
        twins.patchDesired(IdentityId.device("other"), "{\"x\":1}");
        client = anonymous();
        putToken(client, "child");
        LinkHandle desired = attached(client.receiver("/devices/child/$strata/twins/desired"));
        org.apache.qpid.proton.message.Message first = desired.next().message();
        assertEquals("child/$edgeAgent", ProtonMessages.annotation(first, AmqpNames.IDENTITY));
        assertEquals(1L, (long) ProtonMessages.number(ProtonMessages.annotation(first, AmqpNames.VERSION)));
        assertEquals("{\"modules\":{}}", ProtonMessages.bodyText(first));

        IdentityId leaf = IdentityId.device("leaf");
        long version = twins.patchDesired(leaf, "{\"threshold\":25}");
        listener.desiredChanged(new io.strata.api.twin.DesiredChange(leaf, "{\"threshold\":25}", version,
                "{\"threshold\":25,\"$version\":1}"));
        org.apache.qpid.proton.message.Message change = desired.next().message();
        assertEquals("leaf", ProtonMessages.annotation(change, AmqpNames.IDENTITY));
        assertEquals("{\"threshold\":25}", ProtonMessages.bodyText(change));
        assertThat(desired.received.poll(300, TimeUnit.MILLISECONDS), nullValue()); // nothing of "other"
    }

    @Test
    public void reportedSectionsFromAChildNodeAreStoredAndOnlyForItsSubtree() throws Exception {
        client = anonymous();
        putToken(client, "child");
        LinkHandle reported = attached(client.sender("/devices/child/$strata/twins/reported"));
        org.apache.qpid.proton.message.Message section = ProtonMessages.withValue("{\"temp\":30}");
        ProtonMessages.annotate(section, AmqpNames.IDENTITY, "leaf");
        ProtonMessages.annotate(section, AmqpNames.VERSION, 7L);
        assertThat(client.send(reported, section).get(WAIT, TimeUnit.SECONDS), instanceOf(Accepted.class));
        assertEquals("{\"temp\":30}", twins.get(IdentityId.device("leaf")).reported());
        assertEquals(7, twins.get(IdentityId.device("leaf")).reportedVersion());

        ProtonMessages.annotate(section, AmqpNames.IDENTITY, "other");
        DeliveryState refused = client.send(reported, section).get(WAIT, TimeUnit.SECONDS);
        assertThat(refused, instanceOf(Rejected.class));
        assertThat(((Rejected) refused).getError().getDescription(), containsString("other"));
    }

    @Test
    public void methodsAndCloudToDeviceForTheSubtreeGoThroughTheNodeLinks() throws Exception {
        client = anonymous();
        putToken(client, "child");
        LinkHandle calls = attached(client.receiver("/devices/child/$strata/methods"));
        LinkHandle answers = attached(client.sender("/devices/child/$strata/methods"));
        LinkHandle c2d = attached(client.receiver("/devices/child/$strata/c2d"));
        IdentityId grandchild = IdentityId.device("grandchild");
        assertThat(listener.isConnected(grandchild), is(true));
        assertThat(listener.isConnected(IdentityId.device("other")), is(false));

        CompletableFuture<MethodResult> result = CompletableFuture.supplyAsync(() ->
                listener.invokeMethod(grandchild, "ping", "{}", Duration.ofSeconds(10)));
        Received call = calls.next();
        client.accept(call);
        assertEquals("grandchild", ProtonMessages.annotation(call.message(), AmqpNames.IDENTITY));
        assertEquals("ping", ProtonMessages.property(call.message(), AmqpNames.METHOD_NAME));
        assertEquals(10_000L, (long) ProtonMessages.number(ProtonMessages.annotation(call.message(), AmqpNames.TIMEOUT_MS)));
        org.apache.qpid.proton.message.Message answer = ProtonMessages.withData("{}".getBytes(StandardCharsets.UTF_8));
        Properties properties = new Properties();
        properties.setCorrelationId(call.message().getProperties().getCorrelationId());
        answer.setProperties(properties);
        ProtonMessages.setProperty(answer, AmqpNames.METHOD_STATUS, 200);
        client.send(answers, answer);
        assertEquals(200, result.get(WAIT, TimeUnit.SECONDS).status());

        listener.sendToDevice(grandchild, Message.builder().body("open".getBytes(StandardCharsets.UTF_8)).build());
        Received message = c2d.next();
        assertEquals("grandchild", ProtonMessages.annotation(message.message(), AmqpNames.IDENTITY));
        assertEquals("open", ProtonMessages.bodyText(message.message()));
    }

    @Test
    public void anExpiredTokenClosesTheIdentitysLinks() throws Exception {
        client = anonymous();
        LinkHandle requests = attached(client.sender("$cbs"));
        LinkHandle replies = attached(client.receiver("$cbs"));
        String shortLived = SasToken.create(HOSTNAME + "/devices/sensor",
                identities.find(IdentityId.device("sensor")).orElseThrow().credentials().primary(),
                Instant.now().plusSeconds(2));
        client.send(requests, Cbs.putTokenRequest("short", HOSTNAME + "/devices/sensor", shortLived));
        assertEquals(200, Cbs.parseResponse(replies.next().message()).status());
        LinkHandle events = attached(client.sender("/devices/sensor/messages/events"));
        ErrorCondition closed = events.closed.get(WAIT, TimeUnit.SECONDS);
        assertEquals(AmqpNames.UNAUTHORIZED_ACCESS, closed.getCondition());
        assertThat(closed.getDescription(), containsString("sensor"));
    }

    @Test
    public void aConnectionEndsWhenItsTokenExpiresUnlessRenewedThroughCbs() throws Exception {
        client = TestClient.connect(listener.port(), pki.clientContext(), "PLAIN", "sensor@sas." + HOSTNAME,
                token("sensor", KeySlot.PRIMARY, Duration.ofSeconds(2)));
        attached(client.sender("/devices/sensor/messages/events"));
        client.closed().get(WAIT, TimeUnit.SECONDS);

        try (TestClient renewing = anonymous()) {
            LinkHandle requests = attached(renewing.sender("$cbs"));
            LinkHandle replies = attached(renewing.receiver("$cbs"));
            renewing.send(requests, Cbs.putTokenRequest("first", HOSTNAME + "/devices/sensor",
                    token("sensor", KeySlot.PRIMARY, Duration.ofSeconds(2))));
            assertEquals(200, Cbs.parseResponse(replies.next().message()).status());
            renewing.send(requests, Cbs.putTokenRequest("renewed", HOSTNAME + "/devices/sensor", token("sensor")));
            assertEquals(200, Cbs.parseResponse(replies.next().message()).status());
            Thread.sleep(3500);
            assertFalse(renewing.closed().isDone());
            attached(renewing.sender("/devices/sensor/messages/events"));
        }
    }

    @Test
    public void disablingRemovingOrReKeyingAnIdentityClosesTheConnectionsItsCredentialProvedAndNoOthers()
            throws Exception {
        try (TestClient sensor = plain("sensor"); TestClient other = plain("other");
                TestClient byPrimary = plain("gw"); TestClient bySecondary = TestClient.connect(listener.port(),
                        pki.clientContext(), "PLAIN", "gw@sas." + HOSTNAME,
                        token("gw", KeySlot.SECONDARY, Duration.ofMinutes(10)))) {
            listener.identitiesChanged(); // nothing that matters to them changed
            identities.setEnabled(IdentityId.device("sensor"), false);
            listener.identitiesChanged();
            sensor.closed().get(WAIT, TimeUnit.SECONDS);

            identities.remove(IdentityId.device("other"));
            listener.identitiesChanged();
            other.closed().get(WAIT, TimeUnit.SECONDS);

            identities.regenerateKey(IdentityId.device("gw"), KeySlot.PRIMARY);
            listener.identitiesChanged();
            byPrimary.closed().get(WAIT, TimeUnit.SECONDS);
            Thread.sleep(500);
            assertFalse(bySecondary.closed().isDone());
            attached(bySecondary.sender("/devices/gw/messages/events"));
        }
    }

    @Test
    public void linksAChildNodeOpenedForADeviceThatLeftItsSubtreeCloseAndItsOwnStay() throws Exception {
        client = plain("child");
        LinkHandle leafEvents = attached(client.sender("/devices/leaf/messages/events"));
        LinkHandle ownEvents = attached(client.sender("/devices/child/messages/events"));

        identities.setParent("leaf", null);
        listener.identitiesChanged();

        assertEquals(AmqpNames.UNAUTHORIZED_ACCESS, leafEvents.closed.get(WAIT, TimeUnit.SECONDS).getCondition());
        Thread.sleep(300);
        assertFalse(ownEvents.closed.isDone());
        assertFalse(client.closed().isDone());
    }

    @Test
    public void aConnectionThatDoesNotAuthenticateWithinTheTimeoutIsClosedAtEveryStage() throws Exception {
        // long enough for the clients that do go on to finish their TLS handshake and SASL on a loaded machine
        restartListener(new ConnectLimits(Duration.ofSeconds(3), 1000));
        try (Socket tcp = new Socket("127.0.0.1", listener.port());
                Socket tls = pki.clientContext().getSocketFactory().createSocket("127.0.0.1", listener.port());
                TestClient anonymous = anonymous();
                TestClient authenticated = plain("sensor")) {
            tcp.setSoTimeout(10_000);
            tls.setSoTimeout(10_000);
            ((javax.net.ssl.SSLSocket) tls).startHandshake();
            assertEquals(Sasl.SaslOutcome.PN_SASL_OK, anonymous.saslOutcome());

            awaitClosed(tcp);
            awaitClosed(tls);
            anonymous.closed().get(10, TimeUnit.SECONDS);
            assertFalse(authenticated.closed().isDone());
        }
        for (String stage : List.of("stalled in the TLS handshake", "stalled in SASL", "stalled in the CBS put-token")) {
            assertEquals(stage, 1, log.lines().stream().filter(line -> line.contains(stage)).count());
        }
    }

    @Test
    public void beyondTheBoundFurtherUnauthenticatedConnectionsAreClosedAtOnce() throws Exception {
        restartListener(new ConnectLimits(Duration.ofSeconds(30), 2));
        try (Socket first = new Socket("127.0.0.1", listener.port());
                Socket second = new Socket("127.0.0.1", listener.port())) {
            Thread.sleep(300);
            try (Socket refused = new Socket("127.0.0.1", listener.port())) {
                refused.setSoTimeout(5000);
                awaitClosed(refused);
            }
            first.close();
            Thread.sleep(300);
            try (Socket admitted = new Socket("127.0.0.1", listener.port())) {
                admitted.setSoTimeout(1000);
                assertThrows(SocketTimeoutException.class, () -> admitted.getInputStream().read());
            }
        }
    }

    @Test
    public void malformedInputLogsOneWarningLinePerConnectionAndNoStackTrace() throws Exception {
        List<Integer> clientPorts = new java.util.ArrayList<>();
        try (Socket tls = pki.clientContext().getSocketFactory().createSocket("127.0.0.1", listener.port())) {
            tls.setSoTimeout(5000);
            tls.getOutputStream().write("AMQP garbage, not a protocol header\r\n".getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            awaitClosed(tls);
            clientPorts.add(tls.getLocalPort());
        }
        try (Socket tcp = new Socket("127.0.0.1", listener.port())) {
            tcp.setSoTimeout(5000);
            tcp.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            awaitClosed(tcp);
            clientPorts.add(tcp.getLocalPort());
        }
        Thread.sleep(500);
        for (int port : clientPorts) {
            List<String> lines = log.lines().stream().filter(line -> line.contains(":" + port)).toList();
            assertEquals(lines.toString(), 1, lines.size());
            assertThat(lines.get(0), containsString("WARN"));
        }
        assertFalse(log.lines().toString(), log.lines().stream().anyMatch(line -> line.contains("ERROR")
                || line.startsWith("\tat ")));
    }

    private static void awaitClosed(Socket socket) throws IOException {
        try {
            while (socket.getInputStream().read() >= 0) {
                // whatever the listener says before it closes
            }
        } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
            // closed in the middle of a TLS record: closed all the same
        }
    }

    private org.apache.qpid.proton.message.Message twinRequest(String operation, String correlationId, String body) {
        org.apache.qpid.proton.message.Message request = ProtonMessages.withData(body.getBytes(StandardCharsets.UTF_8));
        Properties properties = new Properties();
        properties.setCorrelationId(correlationId);
        request.setProperties(properties);
        ProtonMessages.annotate(request, AmqpNames.OPERATION, operation);
        return request;
    }

    private TestClient anonymous() throws Exception {
        return TestClient.connect(listener.port(), pki.clientContext(), "ANONYMOUS", null, null);
    }

    private TestClient plain(String id) throws Exception {
        return TestClient.connect(listener.port(), pki.clientContext(), "PLAIN", id + "@sas." + HOSTNAME, token(id));
    }

    private List<MemoryRouter.Routed> routed(int count) throws InterruptedException {
        List<MemoryRouter.Routed> routed = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            MemoryRouter.Routed next = router.routed.poll(WAIT, TimeUnit.SECONDS);
            if (next == null) {
                throw new AssertionError("Only " + i + " of " + count + " messages reached the router");
            }
            routed.add(next);
        }
        return routed;
    }

    private static org.apache.qpid.proton.message.Message data(String body) {
        return ProtonMessages.withData(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(MemoryRouter.Routed routed) {
        return new String(routed.message().body(), StandardCharsets.UTF_8);
    }

    private void putToken(TestClient client, String deviceId) throws Exception {
        LinkHandle requests = attached(client.sender("$cbs"));
        LinkHandle replies = attached(client.receiver("$cbs"));
        client.send(requests, Cbs.putTokenRequest("put-" + deviceId, HOSTNAME + "/devices/" + deviceId, token(deviceId)));
        assertEquals(200, Cbs.parseResponse(replies.next().message()).status());
    }

    private String token(String id) {
        return token(id, KeySlot.PRIMARY, Duration.ofMinutes(10));
    }

    private String token(String id, KeySlot slot, Duration ttl) {
        return identities.createSasToken(IdentityId.parse(id), slot, ttl);
    }

    private static LinkHandle attached(LinkHandle link) throws Exception {
        ErrorCondition refused = link.attachResult();
        if (refused != null) {
            throw new AssertionError("Link refused: " + refused);
        }
        return link;
    }
}
