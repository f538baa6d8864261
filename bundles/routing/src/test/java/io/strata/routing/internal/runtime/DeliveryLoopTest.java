package io.strata.routing.internal.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertTrue;

import io.strata.api.message.Message;
import io.strata.api.retry.Backoff;
import io.strata.api.routing.DeliveryReceipt;
import io.strata.api.routing.Endpoint;
import io.strata.routing.internal.store.Destination;
import io.strata.routing.internal.store.FullPolicy;
import io.strata.routing.internal.store.QueueStore;
import io.strata.routing.internal.store.StoreSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** One endpoint's delivery loop on a real message store, with an endpoint that settles when the test says. */
public class DeliveryLoopTest {

    private static final Duration BACK_OFF = Duration.ofMillis(400);
    private static final String ENDPOINT = "Scripted";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final Sinks sinks = new Sinks();
    private final ScriptedEndpoint endpoint = new ScriptedEndpoint();
    private ScheduledExecutorService scheduler;
    private QueueStore store;
    private DeliveryLoop loop;

    @Before
    public void start() {
        scheduler = Executors.newScheduledThreadPool(2);
        store = QueueStore.open(folder.getRoot().toPath().resolve("q.mv"),
                new StoreSettings(64 * 1024 * 1024, FullPolicy.REFUSE_NEW, Duration.ofHours(1)), Clock.systemUTC());
        sinks.add(ENDPOINT, argument -> endpoint);
        loop = new DeliveryLoop(ENDPOINT, store, sinks, scheduler, new Backoff(BACK_OFF, BACK_OFF), Duration.ofHours(1));
    }

    @After
    public void stop() throws InterruptedException {
        loop.stop();
        scheduler.shutdownNow();
        assertTrue(scheduler.awaitTermination(5, TimeUnit.SECONDS));
        store.close();
    }

    @Test
    public void noMoreThanTheEndpointsWindowIsInFlightAndEachRunHandsItsMessagesOverAsOneBatch() throws Exception {
        endpoint.window = 10;
        endpoint.settling.set(false);
        queue(0, 25, Destination.UNPRIORITISED);

        await(() -> endpoint.inFlight.get() == 10);
        Thread.sleep(200);
        assertThat(endpoint.inFlight.get(), is(10));
        assertThat(endpoint.batchSizes, is(List.of(10)));

        while (endpoint.received.size() < 25 || endpoint.inFlight.get() > 0) {
            endpoint.settlePending();
            Thread.sleep(10);
        }

        await(() -> loop.delivered() == 25);
        assertThat(endpoint.maxInFlight.get(), is(10));
        assertThat(endpoint.batchSizes.size(), lessThan(25));
        assertThat(endpoint.receivedIds(), is(ids(0, 25)));
        await(() -> store.stats(ENDPOINT).depth() == 0);
    }

    @Test
    public void messagesOfOnePriorityArriveInTheOrderTheyWereQueued() throws Exception {
        endpoint.ready.set(false);
        queue(0, 150, Destination.UNPRIORITISED);
        queue(150, 150, 1);
        endpoint.ready.set(true);
        loop.wake();

        await(() -> endpoint.received.size() == 300);
        List<String> expected = new ArrayList<>(ids(150, 300));
        expected.addAll(ids(0, 150));
        assertThat(endpoint.receivedIds(), is(expected));
        assertThat(loop.delivered(), is(300L));
    }

    @Test
    public void aReceiverThatBecomesReadyIsServedAtOnceRatherThanAtTheNextLook() throws Exception {
        endpoint.ready.set(false);
        queue(0, 3, Destination.UNPRIORITISED);
        await(() -> loop.state().equals("waiting for the receiver"));
        Thread.sleep(20); // well inside the wait for the next look, READY_POLL after the last

        endpoint.ready.set(true);
        long told = System.nanoTime();
        loop.receiverChanged();

        await(() -> endpoint.received.size() == 3);
        assertThat(Duration.ofNanos(System.nanoTime() - told).toMillis(), lessThan(DeliveryLoop.READY_POLL.toMillis() / 2));
        assertThat(endpoint.receivedIds(), is(ids(0, 3)));
    }

    @Test
    public void afterAFailedDeliveryNothingNewIsSentUntilTheBackOffEnds() throws Exception {
        endpoint.failuresToCome.set(1);
        queue(0, 1, Destination.UNPRIORITISED);
        await(() -> loop.failures() == 1);

        queue(1, 5, Destination.UNPRIORITISED);
        Thread.sleep(BACK_OFF.toMillis() / 4);
        assertThat(endpoint.received.size(), is(1));
        assertThat(loop.state(), containsString("backing off"));

        await(() -> endpoint.received.size() == 7);
        assertThat(Duration.between(endpoint.lastFailure, endpoint.lastArrival).toMillis(),
                greaterThanOrEqualTo(BACK_OFF.toMillis() * 3 / 4));
        assertThat(endpoint.receivedIds().subList(1, 7), is(ids(0, 6)));
        assertThat(loop.failures(), is(1L));
        assertThat(loop.lastError(), is("receiver hiccup"));
        await(() -> loop.delivered() == 6 && loop.state().equals("idle"));
    }

    @Test
    public void theSweepFailsWhatWaitedLongerThanTheTimeoutAndTheMessageIsDeliveredAgain() throws Exception {
        loop.stop();
        loop = new DeliveryLoop(ENDPOINT, store, sinks, scheduler, new Backoff(Duration.ofMillis(10), Duration.ofMillis(10)),
                Duration.ofMillis(200));
        endpoint.settling.set(false);
        queue(0, 3, Destination.UNPRIORITISED);
        await(() -> endpoint.received.size() == 3);

        loop.sweep();
        assertThat("nothing is older than the timeout yet", loop.failures(), is(0L));
        Thread.sleep(250);
        endpoint.settling.set(true);
        loop.sweep();

        await(() -> loop.delivered() == 3);
        assertThat(loop.failures(), is(3L));
        assertThat(loop.lastError(), containsString("no answer within"));
        assertThat(endpoint.receivedIds(), is(List.of("0", "1", "2", "0", "1", "2")));
        endpoint.settlePending(); // late answers to the timed-out deliveries change nothing
        Thread.sleep(100);
        assertThat(loop.delivered(), is(3L));
        await(() -> store.stats(ENDPOINT).depth() == 0);
    }

    private void queue(int first, int count, int priority) throws Exception {
        List<CompletableFuture<Void>> appended = new ArrayList<>();
        for (int id = first; id < first + count; id++) {
            appended.add(store.append(Message.builder().messageId(String.valueOf(id)).build(),
                    List.of(new Destination(ENDPOINT, priority, null))));
        }
        CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        loop.wake();
    }

    private static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(String::valueOf).toList();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(10);
        }
    }

    /**
     * Takes batches, and settles each message at once or, while {@link #settling} is off, when the test calls
     * {@link #settlePending}; counts what it has in flight.
     */
    private static final class ScriptedEndpoint implements Endpoint {
        final List<Message> received = new CopyOnWriteArrayList<>();
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        final AtomicBoolean ready = new AtomicBoolean(true);
        final AtomicBoolean settling = new AtomicBoolean(true);
        final AtomicInteger failuresToCome = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        private final List<Runnable> pending = new ArrayList<>();
        volatile int window = DEFAULT_MAX_IN_FLIGHT;
        volatile Instant lastArrival;
        volatile Instant lastFailure;

        @Override
        public String id() {
            return ENDPOINT;
        }

        @Override
        public CompletionStage<Void> deliver(Message message) {
            throw new AssertionError("the loop hands over batches");
        }

        @Override
        public void deliver(List<Message> batch, DeliveryReceipt receipt) {
            batchSizes.add(batch.size());
            maxInFlight.accumulateAndGet(inFlight.addAndGet(batch.size()), Math::max);
            for (int index = 0; index < batch.size(); index++) {
                received.add(batch.get(index));
                lastArrival = Instant.now();
                int settled = index;
                Runnable settle = () -> {
                    inFlight.decrementAndGet();
                    if (failuresToCome.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                        lastFailure = Instant.now(); // the back-off starts after this
                        receipt.failed(settled, new IllegalStateException("receiver hiccup"));
                    } else {
                        receipt.delivered(settled);
                    }
                };
                if (settling.get()) {
                    settle.run();
                } else {
                    synchronized (pending) {
                        pending.add(settle);
                    }
                }
            }
        }

        void settlePending() {
            List<Runnable> settling;
            synchronized (pending) {
                settling = List.copyOf(pending);
                pending.clear();
            }
            settling.forEach(Runnable::run);
        }

        List<String> receivedIds() {
            return received.stream().map(message -> message.messageId().orElseThrow()).toList();
        }

        @Override
        public int maxInFlight() {
            return window;
        }

        @Override
        public boolean isReady() {
            return ready.get();
        }
    }
}
