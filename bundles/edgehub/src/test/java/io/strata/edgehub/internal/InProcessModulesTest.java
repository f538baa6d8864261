package io.strata.edgehub.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.module.ClientConnection;
import io.strata.api.module.MethodResult;
import io.strata.api.module.ModuleClient;
import io.strata.api.routing.DeliveryReceipt;
import io.strata.api.routing.Endpoint;
import io.strata.api.routing.MessageRejectedException;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.Twin;
import io.strata.testing.MemoryIdentityRegistry;
import io.strata.testing.MemoryRouter;
import io.strata.testing.RecordingOperationCounters;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.Router;
import java.util.concurrent.CompletionStage;
import java.util.ArrayList;
import io.strata.testing.MemoryTwinService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Two in-process modules of node {@code line-1}: the sensor's output is routed to the filter's
 * input through a {@code BrokeredEndpoint}, as the route
 * {@code FROM /messages/modules/sensor/outputs/* INTO BrokeredEndpoint("/modules/filter/inputs/in")} does.
 */
public class InProcessModulesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30Z");
    private static final IdentityId SENSOR = IdentityId.module("line-1", "sensor");
    private static final IdentityId FILTER = IdentityId.module("line-1", "filter");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final MemoryTwinService twins = new MemoryTwinService();
    private final MemoryIdentityRegistry registry = new MemoryIdentityRegistry("edge.test")
            .withModule("line-1", "sensor", true)
            .withModule("line-1", "filter", true)
            .withModule("line-1", "disabled", false)
            .withModule("line-2", "elsewhere", true);
    private final EdgeHubClients connections =
            new EdgeHubClients(twins, "line-1", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(10));
    private final InProcessModules modules =
            new InProcessModules(registry, twins, connections, "line-1", Clock.fixed(NOW, ZoneOffset.UTC));
    private final EdgeHubDirectMethods directMethods = new EdgeHubDirectMethods();
    private final BrokeredEndpointFactory sinks = new BrokeredEndpointFactory("line-1");
    private final Endpoint filterInput = sinks.create("/modules/filter/inputs/in");
    private final MemoryRouter router = new MemoryRouter();
    private final BlockingQueue<Message> filterReceived = new LinkedBlockingQueue<>();
    private ModuleClient sensor;
    private ModuleClient filter;

    @Before
    public void connectBothModules() {
        directMethods.transports = List.of(modules);
        sinks.transports = List.of(modules);
        modules.directMethods = () -> directMethods;
        modules.router = router;
        sensor = modules.connect("sensor");
        filter = modules.connect("filter");
    }

    @After
    public void stop() {
        modules.deactivate();
        connections.deactivate();
    }

    @Test
    public void aModuleThatIsNotAnIdentityOfThisNodeCannotConnect() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> modules.connect("unknown")).getMessage(),
                is("'line-1/unknown' is not a module identity of this node: register it with "
                        + "edge:module-identity-add line-1 unknown"));
        assertThrows(IllegalArgumentException.class, () -> modules.connect("elsewhere"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> modules.connect("no spaces")).getMessage(),
                containsString("Invalid module id 'no spaces'"));
    }

    @Test
    public void aDisabledModuleCannotConnect() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> modules.connect("disabled")).getMessage(),
                is("'line-1/disabled' is disabled: enable it before connecting"));
    }

    @Test
    public void anOutputIsRoutedToAnotherModulesInputStampedByTheEdgeHub() throws Exception {
        filter.setInputHandler("in", filterReceived::add);
        Message sent = Message.builder().body(utf8("{\"t\":21}")).messageId("m1").contentType("application/json")
                .applicationProperty("unit", "C")
                .connectionDeviceId("forged").connectionModuleId("forged").inputName("forged")
                .enqueuedTime(Instant.EPOCH).build();

        sensor.sendOutput("temperature", sent).toCompletableFuture().get(5, TimeUnit.SECONDS);
        router.deliverOldest(filterInput).get(5, TimeUnit.SECONDS);

        Message received = filterReceived.poll(5, TimeUnit.SECONDS);
        assertThat(received, is(Message.builder().body(utf8("{\"t\":21}")).messageId("m1")
                .contentType("application/json").applicationProperty("unit", "C")
                .connectionDeviceId("line-1").connectionModuleId("sensor").outputName("temperature")
                .enqueuedTime(NOW).inputName("in").build()));
        assertThat(router.routed, is(empty()));
    }

    @Test
    public void aModuleThatStartsListeningOnAnInputHasTheRouterLookForItsMessagesAtOnce() {
        List<String> told = new ArrayList<>();
        modules.router = new Router() {
            @Override
            public CompletionStage<Void> route(MessageSource source, Message message) {
                return router.route(source, message);
            }

            @Override
            public void receiversChanged(String sinkName) {
                told.add(sinkName);
            }
        };

        filter.setInputHandler("in", filterReceived::add);
        filter.setInputHandler("in", filterReceived::add);
        filter.setInputHandler("other", filterReceived::add);
        filter.setInputHandler("in", null);

        assertThat("once per input that gets a handler", told, is(List.of("BrokeredEndpoint", "BrokeredEndpoint")));
    }

    @Test
    public void aBatchOfOutputsIsRoutedInOneCallInOrderEachStampedByTheEdgeHub() throws Exception {
        List<List<Message>> batches = new ArrayList<>();
        modules.router = new Router() {
            @Override
            public CompletionStage<Void> route(MessageSource source, Message message) {
                throw new AssertionError("a batch goes to the router in one call");
            }

            @Override
            public CompletionStage<Void> route(MessageSource source, List<Message> messages) {
                batches.add(messages);
                return CompletableFuture.completedFuture(null);
            }
        };

        sensor.sendOutputs("temperature", List.of(Message.builder().messageId("m1").inputName("forged").build(),
                Message.builder().messageId("m2").connectionModuleId("forged").build()))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(batches, is(List.of(List.of(stamped("m1"), stamped("m2")))));
        assertThrows(IllegalArgumentException.class, () -> sensor.sendOutputs("a/b", List.of(Message.builder().build())));
        modules.router = null;
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> sensor.sendOutputs("out", List.of(Message.builder().build())).toCompletableFuture().get());
        assertThat(refused.getCause().getMessage(), is("no router is running yet"));
    }

    private static Message stamped(String messageId) {
        return Message.builder().messageId(messageId).connectionDeviceId("line-1").connectionModuleId("sensor")
                .outputName("temperature").enqueuedTime(NOW).build();
    }

    @Test
    public void withoutARouterAnOutputIsRefused() {
        modules.router = null;

        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> sensor.sendOutput("out", Message.builder().build()).toCompletableFuture().get());
        assertThat(refused.getCause(), instanceOf(MessageRejectedException.class));
        assertThat(refused.getCause().getMessage(), is("no router is running yet"));
    }

    @Test
    public void anOutputTheRouterRefusesFailsWithItsReason() {
        router.refusal = "the store is full";

        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> sensor.sendOutput("out", Message.builder().build()).toCompletableFuture().get());
        assertThat(refused.getCause().getMessage(), is("the store is full"));
    }

    @Test
    public void anOutputNameMustBeOneSegment() {
        assertThrows(IllegalArgumentException.class, () -> sensor.sendOutput("", Message.builder().build()));
        assertThrows(IllegalArgumentException.class, () -> sensor.sendOutput("a/b", Message.builder().build()));
    }

    @Test
    public void aModuleListensForInputsOnlyWhileItHasAnInputHandler() {
        assertThat(modules.isConnected(FILTER), is(true));
        assertThat(modules.listensForInputs(FILTER), is(false));
        assertThat(sinks.create("/modules/filter/inputs/in").isReady(), is(false));

        filter.setInputHandler("in", filterReceived::add);
        assertThat(modules.listensForInputs(FILTER), is(true));
        assertThat(sinks.create("/modules/filter/inputs/in").isReady(), is(true));

        filter.setInputHandler("in", null);
        assertThat(modules.listensForInputs(FILTER), is(false));
    }

    @Test
    public void aMessageWhoseHandlerThrowsStaysWithTheRouterAndIsDeliveredLater() throws Exception {
        filter.setInputHandler("in", message -> {
            throw new IllegalStateException("not ready yet");
        });
        sensor.sendOutput("out", Message.builder().messageId("m1").build()).toCompletableFuture().get();

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> router.deliverOldest(filterInput).get(5, TimeUnit.SECONDS));
        assertThat(failed.getCause().getMessage(), is("not ready yet"));
        assertThat(router.routed.size(), is(1));

        filter.setInputHandler("in", filterReceived::add);
        router.deliverOldest(filterInput).get(5, TimeUnit.SECONDS);
        assertThat(filterReceived.poll(5, TimeUnit.SECONDS).messageId().orElseThrow(), is("m1"));
        assertThat(router.routed, is(empty()));
    }

    @Test
    public void aMessageForAnInputWithoutHandlerIsNotDelivered() throws Exception {
        filter.setInputHandler("other", filterReceived::add);

        ExecutionException failed = assertThrows(ExecutionException.class, () -> modules
                .deliverToInput(FILTER, "in", Message.builder().build()).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertThat(failed.getCause().getMessage(), is("line-1/filter has no handler for its input 'in'"));
        assertThat(filterReceived, is(empty()));
    }

    @Test
    public void aModuleGetsItsInputsOneAfterTheOtherInOrder() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        filter.setInputHandler("in", message -> {
            String id = message.messageId().orElseThrow();
            if (id.equals("1")) {
                firstStarted.countDown();
                releaseFirst.await();
            }
            seen.add(id);
        });

        CompletableFuture<Void> first = modules.deliverToInput(FILTER, "in", Message.builder().messageId("1").build())
                .toCompletableFuture();
        assertThat(firstStarted.await(5, TimeUnit.SECONDS), is(true));
        CompletableFuture<Void> second = modules.deliverToInput(FILTER, "in", Message.builder().messageId("2").build())
                .toCompletableFuture();
        assertThat(second.isDone(), is(false));
        releaseFirst.countDown();
        CompletableFuture.allOf(first, second).get(5, TimeUnit.SECONDS);

        assertThat(seen, contains("1", "2"));
    }

    @Test
    public void aBatchReachesTheInputHandlerInOneHopInOrderAndEachMessageIsSettledByItsHandler() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        filter.setInputHandler("in", message -> {
            threads.add(Thread.currentThread().getName());
            filterReceived.add(message);
            if (message.messageId().orElseThrow().equals("2")) {
                throw new IllegalStateException("the filter cannot take 2");
            }
        });
        RecordingReceipt receipt = new RecordingReceipt(3);

        filterInput.deliver(List.of(Message.builder().messageId("1").build(), Message.builder().messageId("2").build(),
                Message.builder().messageId("3").build()), receipt);

        assertThat(receipt.settled.await(5, TimeUnit.SECONDS), is(true));
        assertThat(receipt.outcomes, contains("0 delivered", "1 failed: the filter cannot take 2", "2 delivered"));
        assertThat(filterReceived.stream().map(message -> message.messageId().orElseThrow() + " on "
                + message.inputName().orElseThrow()).toList(), contains("1 on in", "2 on in", "3 on in"));
        assertThat(threads.stream().distinct().count(), is(1L));
        assertThat(filterInput.maxInFlight(), is(InProcessModules.MAX_IN_FLIGHT));
    }

    @Test
    public void messagesDeliveredOneAfterTheOtherAreReportedInOneGo() throws Exception {
        filter.setInputHandler("in", message -> {
            if (message.messageId().orElseThrow().equals("3")) {
                throw new IllegalStateException("the filter cannot take 3");
            }
        });
        RecordingReceipt receipt = new RecordingReceipt(5);

        filterInput.deliver(List.of("1", "2", "3", "4", "5").stream()
                .map(id -> Message.builder().messageId(id).build()).toList(), receipt);

        assertThat(receipt.settled.await(5, TimeUnit.SECONDS), is(true));
        assertThat(receipt.deliveredRuns, contains("0 to 2", "3 to 5"));
        assertThat(receipt.outcomes, contains("0 delivered", "1 delivered", "2 failed: the filter cannot take 3",
                "3 delivered", "4 delivered"));
    }

    @Test
    public void aBatchForAModuleThatDoesNotListenFailsWholeAndItsWindowIsTheDefault() throws Exception {
        RecordingReceipt receipt = new RecordingReceipt(2);

        filterInput.deliver(List.of(Message.builder().messageId("1").build(), Message.builder().messageId("2").build()),
                receipt);

        assertThat(receipt.settled.await(5, TimeUnit.SECONDS), is(true));
        assertThat(receipt.outcomes, contains(
                "0 failed: line-1/filter is not connected, or does not listen for messages on its inputs",
                "1 failed: line-1/filter is not connected, or does not listen for messages on its inputs"));
        assertThat(filterInput.maxInFlight(), is(Endpoint.DEFAULT_MAX_IN_FLIGHT));
    }

    @Test
    public void aModuleAnswersMethodsInvokedByAnotherModule() {
        RecordingOperationCounters counters = new RecordingOperationCounters();
        directMethods.counters = counters;
        filter.setMethodHandler("reset", (name, payload) -> new MethodResult(200, "{\"reset\":" + payload + "}"));

        assertThat(sensor.invokeMethod(FILTER, "reset", "true", TIMEOUT), is(new MethodResult(200, "{\"reset\":true}")));
        assertThat("the call counts with the calling module as its caller", counters.operations,
                is(List.of("directMethodInvoked " + SENSOR + " " + FILTER)));
    }

    @Test
    public void aMethodWithoutHandlerIs404() {
        MethodResult result = sensor.invokeMethod(FILTER, "reset", "{}", TIMEOUT);

        assertThat(result.status(), is(MethodResult.NOT_FOUND));
        assertThat(result.payload(), is("{\"message\":\"line-1/filter has no handler for method reset\"}"));
    }

    @Test
    public void aMethodHandlerThatDoesNotAnswerInTimeIs504AndHoldsUpNothingElse() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        filter.setMethodHandler("slow", (name, payload) -> {
            awaitQuietly(release);
            return new MethodResult(200, "null");
        });
        filter.setInputHandler("in", filterReceived::add);

        MethodResult result = sensor.invokeMethod(FILTER, "slow", "{}", Duration.ofMillis(200));

        assertThat(result.status(), is(MethodResult.TIMEOUT));
        assertThat(result.payload(), is("{\"message\":\"line-1/filter did not answer slow within 200 ms\"}"));
        modules.deliverToInput(FILTER, "in", Message.builder().messageId("m1").build()).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        release.countDown();
        filter.setMethodHandler("fast", (name, payload) -> new MethodResult(200, "\"fast\""));
        assertThat(sensor.invokeMethod(FILTER, "fast", "{}", TIMEOUT), is(new MethodResult(200, "\"fast\"")));
    }

    @Test
    public void aMethodHandlerThatThrowsIs500() {
        filter.setMethodHandler("broken", (name, payload) -> {
            throw new IllegalStateException("boom");
        });

        MethodResult result = sensor.invokeMethod(FILTER, "broken", "{}", TIMEOUT);

        assertThat(result.status(), is(500));
        assertThat(result.payload(), containsString("line-1/filter failed to answer broken"));
    }

    @Test
    public void aModuleHearsOnlyItsOwnDesiredChanges() throws Exception {
        BlockingQueue<DesiredChange> heard = new LinkedBlockingQueue<>();
        filter.setDesiredPropertiesListener(heard::add);
        DesiredChange forSensor = new DesiredChange(SENSOR, "{\"a\":1}", 1, "{\"a\":1,\"$version\":1}");
        DesiredChange forFilter = new DesiredChange(FILTER, "{\"b\":2}", 3, "{\"b\":2,\"$version\":3}");

        modules.desiredChanged(forSensor);
        modules.desiredChanged(forFilter);

        assertThat(heard.poll(5, TimeUnit.SECONDS), is(forFilter));
        assertThat(heard.poll(100, TimeUnit.MILLISECONDS), is((DesiredChange) null));
    }

    @Test
    public void aModuleReadsItsTwinAndPatchesItsReportedProperties() {
        RecordingOperationCounters counters = new RecordingOperationCounters();
        modules.counters = counters;
        assertThat(filter.patchReported("{\"status\":\"ok\"}"), is(1L));

        assertThat(filter.twin(), is(new Twin(FILTER, "{}", 0, "{\"status\":\"ok\"}", 1)));
        assertThat(twins.get(SENSOR).reportedVersion(), is(0L));
        assertThat("a module's twin read counts as a client's GetTwin", counters.operations,
                is(List.of("twinRead " + FILTER)));
    }

    @Test
    public void closingReleasesEveryHandler() throws Exception {
        BlockingQueue<DesiredChange> heard = new LinkedBlockingQueue<>();
        filter.setInputHandler("in", filterReceived::add);
        filter.setMethodHandler("reset", (name, payload) -> new MethodResult(200, "null"));
        filter.setDesiredPropertiesListener(heard::add);

        filter.close();

        assertThat(modules.isConnected(FILTER), is(false));
        assertThat(modules.listensForInputs(FILTER), is(false));
        assertThat(sensor.invokeMethod(FILTER, "reset", "{}", TIMEOUT).status(), is(MethodResult.NOT_FOUND));
        modules.desiredChanged(new DesiredChange(FILTER, "{}", 1, "{\"$version\":1}"));
        assertThat(heard.poll(100, TimeUnit.MILLISECONDS), is((DesiredChange) null));
        assertThrows(ExecutionException.class, () -> modules
                .deliverToInput(FILTER, "in", Message.builder().build()).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertThat(assertThrows(IllegalStateException.class, () -> filter.setInputHandler("in", filterReceived::add))
                .getMessage(), containsString("is closed"));
        filter.close(); // a second close does nothing
    }

    @Test
    public void connectingAgainReplacesTheOlderClient() throws Exception {
        filter.setInputHandler("in", message -> {
            throw new AssertionError("the replaced client must not get messages");
        });

        ModuleClient again = modules.connect("filter");
        again.setInputHandler("in", filterReceived::add);
        modules.deliverToInput(FILTER, "in", Message.builder().messageId("m1").build()).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        assertThat(filterReceived.poll(5, TimeUnit.SECONDS).messageId().orElseThrow(), is("m1"));
        assertThrows(IllegalStateException.class, () -> filter.twin());
        filter.close(); // closing the replaced client leaves the newer one connected
        assertThat(modules.isConnected(FILTER), is(true));
    }

    @Test
    public void reportsItsModulesAsClientsInProcess() {
        modules.connect("filter"); // replacing a client keeps the module connected
        sensor.close();

        assertThat(connections.clients(), contains(
                new ClientConnection(FILTER, InProcessModules.TRANSPORT, true, NOW, null),
                new ClientConnection(SENSOR, InProcessModules.TRANSPORT, false, NOW, NOW)));
    }

    @Test
    public void aModuleWhoseIdentityIsDisabledOrRemovedIsDisconnected() {
        modules.identityChanged(FILTER, Optional.of(registry.setEnabled(FILTER, false)));
        modules.identityChanged(SENSOR, Optional.empty());

        assertThat(modules.isConnected(FILTER), is(false));
        assertThat(modules.isConnected(SENSOR), is(false));
        assertThrows(IllegalStateException.class, () -> filter.twin());
    }

    @Test
    public void aModuleWhoseIdentityChangesOtherwiseStaysConnected() {
        modules.identityChanged(FILTER, registry.find(FILTER));

        assertThat(modules.isConnected(FILTER), is(true));
    }

    @Test
    public void inProcessModulesTakeNoCloudToDeviceMessages() {
        modules.sendToDevice(IdentityId.device("sensor-1"), Message.builder().build());

        assertThat(modules.isConnected(IdentityId.device("sensor-1")), is(false));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes down each outcome a batch reports, in the order reported. */
    private static final class RecordingReceipt implements DeliveryReceipt {
        final List<String> outcomes = new CopyOnWriteArrayList<>();
        final List<String> deliveredRuns = new CopyOnWriteArrayList<>();
        final CountDownLatch settled;

        RecordingReceipt(int messages) {
            settled = new CountDownLatch(messages);
        }

        @Override
        public void delivered(int fromIndex, int toIndex) {
            deliveredRuns.add(fromIndex + " to " + toIndex);
            DeliveryReceipt.super.delivered(fromIndex, toIndex);
        }

        @Override
        public void delivered(int index) {
            outcomes.add(index + " delivered");
            settled.countDown();
        }

        @Override
        public void failed(int index, Throwable failure) {
            outcomes.add(index + " failed: " + failure.getMessage());
            settled.countDown();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
