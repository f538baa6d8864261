package io.strata.routing.internal.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.strata.api.message.Message;
import io.strata.api.retry.Backoff;
import io.strata.api.routing.Endpoint;
import io.strata.api.routing.EndpointStatus;
import io.strata.api.routing.InvalidEdgeHubSettingsException;
import io.strata.api.routing.MessageRejectedException;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.ReceivedCount;
import io.strata.routing.internal.store.FullPolicy;
import io.strata.routing.internal.store.QueueStore;
import io.strata.routing.internal.store.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The router on a real message store, with endpoints that record what reaches them. */
public class RoutingEngineTest {

    private static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(100));
    private static final String INPUT = "BrokeredEndpoint(\"/modules/b/inputs/in\")";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final Sinks sinks = new Sinks();
    private final RecordingEndpoint input = new RecordingEndpoint();
    private ScheduledExecutorService scheduler;
    private QueueStore store;
    private RoutingEngine engine;

    @Before
    public void start() {
        scheduler = Executors.newScheduledThreadPool(2);
        store = QueueStore.open(folder.getRoot().toPath().resolve("q.mv"),
                new StoreSettings(1024 * 1024, FullPolicy.REFUSE_NEW, Duration.ofHours(1)), Clock.systemUTC());
        engine = new RoutingEngine(store, sinks, scheduler, Duration.ofHours(1), FAST);
        sinks.add("BrokeredEndpoint", argument -> input);
    }

    @After
    public void stop() throws InterruptedException {
        engine.stop();
        scheduler.shutdownNow();
        // A delivery still acknowledging would commit into the closing store, which MVStore does not survive.
        assertTrue(scheduler.awaitTermination(5, TimeUnit.SECONDS));
        store.close();
    }

    @Test
    public void aMatchingMessageIsStoredThenDeliveredAndAnUnmatchedOneIsDropped() throws Exception {
        engine.apply(settings("\"hot\": \"FROM /messages/modules/a/* WHERE $body.t > 30 INTO " + escaped(INPUT) + "\""));

        engine.route(MessageSource.TELEMETRY, output("a", "{\"t\":35}")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        engine.route(MessageSource.TELEMETRY, output("a", "{\"t\":20}")).toCompletableFuture().get(5, TimeUnit.SECONDS);

        await(() -> input.received.size() == 1);
        assertThat(body(input.received.get(0)), is("{\"t\":35}"));
        assertThat(engine.unrouted(), is(Map.of("module edge/a through output out", 1L)));
        assertThat(engine.routes().get(0).matched(), is(1L));
        await(() -> status(INPUT).depth() == 0 && status(INPUT).delivered() == 1);
    }

    @Test
    public void aBatchIsRoutedMessageByMessageInOrderAndWhatNoRouteTakesIsCounted() throws Exception {
        engine.apply(settings("\"hot\": \"FROM /messages/modules/a/* WHERE $body.t > 30 INTO " + escaped(INPUT) + "\""));

        engine.route(MessageSource.TELEMETRY, List.of(output("a", "{\"t\":35}"), output("a", "{\"t\":20}"),
                output("a", "{\"t\":40}"))).toCompletableFuture().get(5, TimeUnit.SECONDS);

        await(() -> input.received.size() == 2);
        assertThat(body(input.received.get(0)), is("{\"t\":35}"));
        assertThat(body(input.received.get(1)), is("{\"t\":40}"));
        assertThat(engine.unrouted(), is(Map.of("module edge/a through output out", 1L)));
        assertThat(engine.routes().get(0).matched(), is(2L));
    }

    @Test
    public void aBatchThatDoesNotFitIsRefusedWholeNamingTheReason() throws Exception {
        engine.stop();
        store.close();
        store = QueueStore.open(folder.getRoot().toPath().resolve("small.mv"),
                new StoreSettings(400, FullPolicy.REFUSE_NEW, Duration.ofHours(1)), Clock.systemUTC());
        engine = new RoutingEngine(store, sinks, scheduler, Duration.ofHours(1), FAST);
        input.ready.set(false);
        engine.apply(settings("\"all\": \"FROM /* INTO " + escaped(INPUT) + "\""));

        ExecutionException refused = assertThrows(ExecutionException.class, () -> engine.route(MessageSource.TELEMETRY,
                List.of(output("a", "{\"n\":1}"), output("a", "{\"padding\":\"" + "x".repeat(300) + "\"}")))
                .toCompletableFuture().get());

        assertThat(refused.getCause(), instanceOf(MessageRejectedException.class));
        assertThat(refused.getCause().getMessage(), containsString("400"));
        assertThat("nothing of it is queued", status(INPUT).depth(), is(0L));
    }

    @Test
    public void messagesNoRouteTakesAreCountedPerSource() throws Exception {
        engine.apply(settings("\"hot\": \"FROM /messages/modules/a/* WHERE $body.t > 30 INTO " + escaped(INPUT) + "\""));

        engine.route(MessageSource.TELEMETRY, output("a", "{\"t\":20}")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        engine.route(MessageSource.TELEMETRY, output("b", "{\"t\":40}")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        engine.route(MessageSource.TELEMETRY, output("b", "{\"t\":50}")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Message fromDevice = Message.builder().connectionDeviceId("sensor-1").build();
        engine.route(MessageSource.TELEMETRY, fromDevice).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(engine.unrouted(), is(Map.of("module edge/a through output out", 1L,
                "module edge/b through output out", 2L, "device sensor-1", 1L)));
        assertThat(input.received.isEmpty(), is(true));
    }

    @Test
    public void everyTelemetryMessageIsCountedBySenderAndOutputWhetherRoutedOrNot() throws Exception {
        engine.apply(settings("\"hot\": \"FROM /messages/modules/a/* WHERE $body.t > 30 INTO " + escaped(INPUT) + "\""));

        engine.route(MessageSource.TELEMETRY, List.of(output("a", "{\"t\":35}"), output("a", "{\"t\":20}"),
                output("b", "{\"t\":40}"))).toCompletableFuture().get(5, TimeUnit.SECONDS);
        engine.route(MessageSource.TELEMETRY, Message.builder().connectionDeviceId("sensor-1").build())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        engine.route(MessageSource.TWIN_CHANGE_NOTIFICATION, output("a", "{}")).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(engine.received(), is(List.of(new ReceivedCount("edge/a", "out", 2), new ReceivedCount("edge/b", "out", 1),
                new ReceivedCount("sensor-1", "", 1))));
    }

    @Test
    public void theDeliveryWindowStaysFullSoAReceiverThatAnswersLateDoesNotStallTheQueue() throws Exception {
        // Each delivery completes only when the next one arrives, as with a client whose acknowledgements
        // wait for our next packet: a loop that waited for a whole batch would stall at every batch's end.
        List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
        List<Message> received = new CopyOnWriteArrayList<>();
        sinks.add("Late", argument -> new Endpoint() {
            @Override
            public String id() {
                return "late";
            }

            @Override
            public synchronized CompletionStage<Void> deliver(Message message) {
                pending.forEach(earlier -> earlier.complete(null));
                pending.clear();
                received.add(message);
                CompletableFuture<Void> delivery = new CompletableFuture<>();
                pending.add(delivery);
                return delivery;
            }
        });
        String late = "Late(\"x\")";
        engine.apply(settings("\"all\": \"FROM /* INTO " + escaped(late) + "\""));

        int messages = Endpoint.DEFAULT_MAX_IN_FLIGHT * 3;
        for (int i = 0; i < messages; i++) {
            engine.route(MessageSource.TELEMETRY, output("a", "{\"n\":" + i + "}"));
        }

        await(() -> received.size() == messages && status(late).delivered() == messages - 1);
        assertThat(body(received.get(messages - 1)), is("{\"n\":" + (messages - 1) + "}"));
    }

    @Test
    public void aDeliveryWithoutAnswerFailsAfterTheDeliveryTimeoutAndIsDeliveredAgain() throws Exception {
        engine.stop();
        engine = new RoutingEngine(store, sinks, scheduler, Duration.ofHours(1), FAST, Duration.ofMillis(300));
        List<Message> received = new CopyOnWriteArrayList<>();
        sinks.add("Silent", argument -> new Endpoint() {
            @Override
            public String id() {
                return "silent";
            }

            @Override
            public CompletionStage<Void> deliver(Message message) {
                received.add(message);
                // The first delivery never gets an answer.
                return received.size() == 1 ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
            }
        });
        String silent = "Silent(\"x\")";
        engine.apply(settings("\"all\": \"FROM /* INTO " + escaped(silent) + "\""));

        engine.route(MessageSource.TELEMETRY, output("a", "{}")).toCompletableFuture().get(5, TimeUnit.SECONDS);

        await(() -> status(silent).delivered() == 1);
        assertThat(received.size(), is(2));
        assertThat(status(silent).failures(), is(1L));
        assertThat(status(silent).lastError(), containsString("no answer within"));
    }

    @Test
    public void twoRoutesToOneEndpointDeliverTheMessageOnce() throws Exception {
        engine.apply(settings("\"all\": \"FROM /* INTO " + escaped(INPUT) + "\", "
                + "\"fromA\": {\"route\": \"FROM /messages/modules/a/* INTO " + escaped(INPUT) + "\", \"priority\": 1}"));

        engine.route(MessageSource.TELEMETRY, output("a", "{}")).toCompletableFuture().get(5, TimeUnit.SECONDS);

        await(() -> status(INPUT).delivered() == 1);
        Thread.sleep(300);
        assertThat(input.received.size(), is(1));
        assertThat(status(INPUT).delivered(), is(1L));
    }

    @Test
    public void anEndpointThatIsNotReadyKeepsItsQueueInPriorityOrderWithoutCountingFailures() throws Exception {
        input.ready.set(false);
        engine.apply(settings("\"low\": {\"route\": \"FROM /* WHERE $body.p = 'low' INTO " + escaped(INPUT)
                + "\", \"priority\": 7}, \"high\": {\"route\": \"FROM /* WHERE $body.p = 'high' INTO "
                + escaped(INPUT) + "\", \"priority\": 0}"));
        for (String priority : List.of("low", "low", "high")) {
            engine.route(MessageSource.TELEMETRY, output("a", "{\"p\":\"" + priority + "\"}")).toCompletableFuture().get();
        }
        Thread.sleep(600);
        assertThat(status(INPUT).depth(), is(3L));
        assertThat(status(INPUT).state(), containsString("waiting"));

        input.ready.set(true);

        await(() -> input.received.size() == 3);
        assertThat(body(input.received.get(0)), is("{\"p\":\"high\"}"));
        assertThat(status(INPUT).failures(), is(0L));
    }

    @Test
    public void aFailedDeliveryIsRetriedAfterABackOffAndCounted() throws Exception {
        input.failuresToCome.set(2);
        engine.apply(settings("\"all\": \"FROM /* INTO " + escaped(INPUT) + "\""));

        engine.route(MessageSource.TELEMETRY, output("a", "{}")).toCompletableFuture().get();

        await(() -> input.received.size() == 1);
        EndpointStatus status = status(INPUT);
        assertThat(status.failures(), is(2L));
        assertThat(status.lastError(), is("receiver hiccup"));
        assertThat(input.attempts.get(), is(3));
    }

    @Test
    public void messagesWaitForTheBundleProvidingTheirSink() throws Exception {
        String upstream = "$upstream";
        engine.apply(settings("\"up\": \"FROM /* INTO $upstream\""));
        engine.route(MessageSource.TELEMETRY, output("a", "{}")).toCompletableFuture().get();
        await(() -> status(upstream).state().contains("waiting for a bundle providing sink $upstream"));

        RecordingEndpoint parent = new RecordingEndpoint();
        sinks.add(upstream, argument -> parent);
        engine.sinkChanged(upstream);

        await(() -> parent.received.size() == 1);
    }

    @Test
    public void aQueueKeepsDrainingAfterItsRouteIsGoneAndIsRemovedOnceEmpty() throws Exception {
        input.ready.set(false);
        engine.apply(settings("\"all\": \"FROM /* INTO " + escaped(INPUT) + "\""));
        engine.route(MessageSource.TELEMETRY, output("a", "{}")).toCompletableFuture().get();

        engine.apply(settings("\"other\": \"FROM /twinChangeNotifications INTO $upstream\""));
        assertThat(status(INPUT).depth(), is(1L));
        input.ready.set(true);
        await(() -> input.received.size() == 1);
        await(() -> status(INPUT).depth() == 0);

        engine.removeUnusedQueues();
        assertThat(engine.endpoints().stream().anyMatch(endpoint -> endpoint.id().equals(INPUT)), is(false));
    }

    @Test
    public void aFullStoreRefusesTheMessageAndNamesTheReason() throws Exception {
        engine.stop();
        store.close();
        store = QueueStore.open(folder.getRoot().toPath().resolve("small.mv"),
                new StoreSettings(400, FullPolicy.REFUSE_NEW, Duration.ofHours(1)), Clock.systemUTC());
        engine = new RoutingEngine(store, sinks, scheduler, Duration.ofHours(1), FAST);
        input.ready.set(false);
        engine.apply(settings("\"all\": \"FROM /* INTO " + escaped(INPUT) + "\""));

        engine.route(MessageSource.TELEMETRY, output("a", "{\"n\":1}")).toCompletableFuture().get();
        ExecutionException refused = assertThrows(ExecutionException.class, () -> engine.route(MessageSource.TELEMETRY,
                output("a", "{\"padding\":\"" + "x".repeat(300) + "\"}")).toCompletableFuture().get());

        assertThat(refused.getCause(), instanceOf(MessageRejectedException.class));
        assertThat(refused.getCause().getMessage(), containsString("400"));
    }

    @Test
    public void queuedMessagesAreDeliveredByTheNextEngineOnTheSameStore() throws Exception {
        input.ready.set(false);
        engine.apply(settings("\"all\": \"FROM /* INTO " + escaped(INPUT) + "\""));
        engine.route(MessageSource.TELEMETRY, output("a", "{\"n\":7}")).toCompletableFuture().get();
        engine.stop();

        input.ready.set(true);
        engine = new RoutingEngine(store, sinks, scheduler, Duration.ofHours(1), FAST);

        await(() -> input.received.size() == 1);
        assertThat(body(input.received.get(0)), is("{\"n\":7}"));
    }

    private EndpointStatus status(String id) {
        return engine.endpoints().stream().filter(endpoint -> endpoint.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no endpoint " + id + " in " + engine.endpoints()));
    }

    private static EdgeHubSettings settings(String routes) throws InvalidEdgeHubSettingsException {
        return EdgeHubSettings.parse("{\"schemaVersion\": \"1.1\", \"routes\": {" + routes + "}}");
    }

    private static String escaped(String sink) {
        return sink.replace("\"", "\\\"");
    }

    private static Message output(String module, String json) {
        return Message.builder().body(json.getBytes(StandardCharsets.UTF_8)).contentType("application/json")
                .contentEncoding("utf-8").connectionDeviceId("edge").connectionModuleId(module).outputName("out").build();
    }

    private static String body(Message message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(20);
        }
    }

    /** An endpoint that can be made unready or to fail, and records what it took. */
    private static final class RecordingEndpoint implements Endpoint {
        final List<Message> received = new CopyOnWriteArrayList<>();
        final AtomicBoolean ready = new AtomicBoolean(true);
        final AtomicInteger failuresToCome = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public String id() {
            return "recording";
        }

        @Override
        public CompletionStage<Void> deliver(Message message) {
            attempts.incrementAndGet();
            if (failuresToCome.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                return CompletableFuture.failedFuture(new IllegalStateException("receiver hiccup"));
            }
            received.add(message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public boolean isReady() {
            return ready.get();
        }
    }
}
