package io.strata.routing.internal.runtime;

import io.strata.api.message.Message;
import io.strata.api.retry.Backoff;
import io.strata.api.routing.DeliveryReceipt;
import io.strata.api.routing.Endpoint;
import io.strata.routing.internal.lang.RouteSink;
import io.strata.routing.internal.store.QueueStore;
import io.strata.routing.internal.store.StoredMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one consumer of an endpoint's queue. It keeps up to the endpoint's {@link Endpoint#maxInFlight()
 * window} of messages in flight, in queue order, handing each run's messages to the endpoint as one
 * batch, and acknowledges delivered messages in groups, once per run. Every outcome asks for a run, so
 * the window is refilled as soon as room appears: a receiver that waits for our data before sending its
 * acknowledgements (Nagle's algorithm against delayed ACKs) would otherwise stall for tens of
 * milliseconds whenever we stop sending. Outcomes that arrive while a run is under way make one more run,
 * so batches grow with the load. While the sink's bundle is
 * missing or the endpoint is not ready it asks again shortly; after a failed delivery it sends nothing
 * new until its back-off ends. A message without an outcome after the delivery timeout has failed: the
 * router's {@link #sweep} finds it, without a timer per message. It runs as tasks on a shared scheduler,
 * never two at once, and sleeps while the queue is empty until {@link #wake} is called.
 */
final class DeliveryLoop {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

    static final Duration READY_POLL = Duration.ofMillis(250);
    static final Duration SINK_POLL = Duration.ofSeconds(1);
    /** A delivery not completed in this time has failed, so a stuck receiver cannot stall the queue. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

    private final String id;
    private final RouteSink sink;
    private final QueueStore store;
    private final Sinks sinks;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final Duration deliveryTimeout;
    /**
     * Messages sent and neither acknowledged in the store nor failed: what a peek passes over. A delivered
     * message stays here until the store has forgotten it, so a peek never meets it twice. Read by the
     * store without this loop's lock.
     */
    private final Set<Long> unacknowledged = ConcurrentHashMap.newKeySet();

    // Guarded by this.
    private boolean scheduled;
    private boolean running;
    /** Something was queued or delivered while a run was scheduled or under way: look again when it ends. */
    private boolean wakeRequested;
    private boolean stopped;
    /** The scheduled run is a later look for a missing sink or receiver, which {@link #receiverChanged} brings forward. */
    private boolean waitingForReceiver;
    private ScheduledFuture<?> scheduledRun;
    private String state = "idle";
    /** Batches with messages still awaiting their outcome, oldest first, for the timeout sweep. */
    private final Deque<Batch> batches = new ArrayDeque<>();
    /** Messages in flight: sent, no outcome yet. */
    private int awaiting;
    private List<Long> delivered = new ArrayList<>();
    /** No new deliveries before this, after a failure. */
    private long notBeforeNanos = System.nanoTime();
    private int failuresInARow;
    private long deliveredCount;
    private long failures;
    private String lastError;

    DeliveryLoop(String id, QueueStore store, Sinks sinks, ScheduledExecutorService scheduler, Backoff backoff,
            Duration deliveryTimeout) {
        this.id = id;
        this.sink = SinkIds.sink(id);
        this.store = store;
        this.sinks = sinks;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.deliveryTimeout = deliveryTimeout;
        store.rewind(id);
    }

    String id() {
        return id;
    }

    /**
     * Something was queued, delivered, or the sink came: go on now, or when the run under way ends; a
     * back-off still runs its course.
     */
    synchronized void wake() {
        if (stopped) {
            return;
        }
        if (running || scheduled) {
            wakeRequested = true;
        } else {
            schedule(Duration.ZERO);
        }
    }

    /**
     * The sink came or its receiver may be ready now (a module started listening): a look that waits for them
     * happens now; otherwise as {@link #wake}.
     */
    synchronized void receiverChanged() {
        if (waitingForReceiver && scheduled && scheduledRun.cancel(false)) {
            schedule(Duration.ZERO);
        } else {
            wake();
        }
    }

    synchronized void stop() {
        stopped = true;
    }

    synchronized String state() {
        return state;
    }

    synchronized long delivered() {
        return deliveredCount;
    }

    synchronized long failures() {
        return failures;
    }

    synchronized String lastError() {
        return lastError;
    }

    /** Fails the messages that have waited longer than the delivery timeout for their outcome. */
    void sweep() {
        int timedOut = 0;
        synchronized (this) {
            long now = System.nanoTime();
            while (!batches.isEmpty() && now - batches.peekFirst().sentNanos >= deliveryTimeout.toNanos()) {
                timedOut += batches.pollFirst().settleRemaining();
            }
            if (timedOut > 0) {
                failed("no answer within " + deliveryTimeout.toSeconds() + " s", timedOut);
            }
        }
        if (timedOut > 0) {
            wake();
        }
    }

    private void schedule(Duration delay) {
        scheduled = true;
        waitingForReceiver = false;
        scheduledRun = scheduler.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends a run that found no sink or no ready receiver: look again after {@code poll}, or when told. */
    private synchronized void waitForReceiver(String newState, Duration poll) {
        finish(newState, poll);
        waitingForReceiver = scheduled;
    }

    /**
     * One step; never two at once, since a run is scheduled only while none is scheduled or running. A
     * store that fails (a read error, say) counts as a failed delivery: the loop backs off and tries
     * again rather than staying marked as running, which would stop the endpoint for good.
     */
    private void run() {
        try {
            step();
        } catch (RuntimeException e) {
            synchronized (this) {
                failed("the message store failed: " + e, 1);
            }
            finish(null, Duration.ZERO);
        }
    }

    private void step() {
        List<Long> acknowledged;
        long backingOffNanos;
        synchronized (this) {
            scheduled = false;
            if (stopped) {
                return;
            }
            running = true;
            wakeRequested = false;
            acknowledged = delivered;
            delivered = new ArrayList<>();
            backingOffNanos = notBeforeNanos - System.nanoTime();
        }
        if (!acknowledged.isEmpty()) {
            try {
                store.acknowledge(id, acknowledged);
            } catch (RuntimeException e) {
                synchronized (this) {
                    delivered.addAll(acknowledged); // acknowledged again by the next run
                }
                throw e;
            }
            unacknowledged.removeAll(acknowledged);
        }
        if (backingOffNanos > 0) {
            finish(null, Duration.ofNanos(backingOffNanos));
            return;
        }
        Optional<Endpoint> endpoint;
        try {
            endpoint = sinks.endpoint(sink);
        } catch (RuntimeException e) {
            synchronized (this) {
                failed("the sink refused its argument: " + e.getMessage(), 1);
            }
            finish(null, Duration.ZERO);
            return;
        }
        if (endpoint.isEmpty()) {
            waitForReceiver("waiting for a bundle providing sink " + sink.name(), SINK_POLL);
            return;
        }
        if (!ready(endpoint.get())) {
            waitForReceiver("waiting for the receiver", READY_POLL);
            return;
        }
        int room = room(maxInFlight(endpoint.get()));
        List<StoredMessage> next = room <= 0 ? List.of() : store.next(id, room, unacknowledged);
        if (next.isEmpty()) {
            finishIdleOrDelivering();
            return;
        }
        Batch batch = send(next);
        try {
            endpoint.get().deliver(batch.messages, batch);
        } catch (RuntimeException e) {
            batch.failRemaining(e);
        }
        finish(null, null);
    }

    /** How many more messages fit in the endpoint's window. */
    private synchronized int room(int maxInFlight) {
        return maxInFlight - awaiting;
    }

    private synchronized Batch send(List<StoredMessage> next) {
        Batch batch = new Batch(next);
        for (Long sent : batch.ids) {
            unacknowledged.add(sent);
        }
        awaiting += batch.ids.length;
        batches.addLast(batch);
        state = "delivering";
        return batch;
    }

    private synchronized void finishIdleOrDelivering() {
        finish(awaiting == 0 ? "idle" : "delivering", null);
    }

    /**
     * The outcome of the messages of a batch from {@code fromIndex} to {@code toIndex} (exclusive), one wake for
     * them all; a second outcome of a message, or one after the timeout, is ignored.
     */
    private void settled(Batch batch, int fromIndex, int toIndex, Throwable failure) {
        synchronized (this) {
            int failed = 0;
            for (int index = Math.max(0, fromIndex); index < Math.min(toIndex, batch.ids.length); index++) {
                if (!batch.settle(index)) {
                    continue;
                }
                Long settled = batch.ids[index];
                if (failure == null) {
                    delivered.add(settled);
                    deliveredCount++;
                    failuresInARow = 0;
                } else {
                    giveBack(settled);
                    failed++;
                }
            }
            if (failed > 0) {
                failed(describe(failure), failed);
            }
            while (!batches.isEmpty() && batches.peekFirst().open == 0) {
                batches.pollFirst();
            }
        }
        wake();
    }

    /** A message that was not delivered goes back to the queue, to be read again. */
    private void giveBack(Long message) {
        unacknowledged.remove(message);
        store.rewind(id, message);
    }

    private static int maxInFlight(Endpoint endpoint) {
        try {
            return Math.max(1, endpoint.maxInFlight());
        } catch (RuntimeException e) {
            return Endpoint.DEFAULT_MAX_IN_FLIGHT;
        }
    }

    private static boolean ready(Endpoint endpoint) {
        try {
            return endpoint.isReady();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Ends a run: the next one after {@code next}, or, when null, only if something happened meanwhile.
     *
     * @param newState the state to show, or null to keep it
     */
    private synchronized void finish(String newState, Duration next) {
        if (newState != null) {
            state = newState;
        }
        running = false;
        if (stopped) {
            return;
        }
        if (next != null) {
            schedule(next);
        } else if (wakeRequested) {
            schedule(Duration.ZERO);
        }
    }

    /** Counts failed messages and holds back new deliveries for the back-off; messages in flight go on. */
    private void failed(String error, int messages) {
        failures += messages;
        failuresInARow += messages;
        lastError = error;
        Duration wait = backoff.after(failuresInARow);
        notBeforeNanos = System.nanoTime() + wait.toNanos();
        LOG.warn("Delivery of {} message(s) to {} failed ({}); trying again in {} ms", messages, id, error,
                wait.toMillis());
        state = "backing off " + wait.toMillis() + " ms after " + failuresInARow + " failure(s)";
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return String.valueOf(cause.getMessage());
    }

    /** Messages handed to the endpoint in one call, and which of them have had their outcome. */
    private final class Batch implements DeliveryReceipt {
        /** Boxed once: the in-flight set, the acknowledgements and the store's removal all take these. */
        final Long[] ids;
        final List<Message> messages;
        final long sentNanos = System.nanoTime();
        // Guarded by the loop.
        private final boolean[] settled;
        private int open;

        Batch(List<StoredMessage> stored) {
            ids = new Long[stored.size()];
            Message[] bodies = new Message[stored.size()];
            for (int index = 0; index < ids.length; index++) {
                ids[index] = stored.get(index).id();
                bodies[index] = stored.get(index).message();
            }
            messages = List.of(bodies);
            settled = new boolean[ids.length];
            open = ids.length;
        }

        @Override
        public void delivered(int index) {
            settled(this, index, index + 1, null);
        }

        @Override
        public void delivered(int fromIndex, int toIndex) {
            settled(this, fromIndex, toIndex, null);
        }

        @Override
        public void failed(int index, Throwable failure) {
            settled(this, index, index + 1, failure);
        }

        /** Marks one message as settled; false when it was already. Called with the loop's lock held. */
        boolean settle(int index) {
            if (settled[index]) {
                return false;
            }
            settled[index] = true;
            open--;
            awaiting--;
            return true;
        }

        /** Gives up on the messages still open, which go back to the queue; called with the loop's lock held. */
        int settleRemaining() {
            int given = 0;
            for (int index = 0; index < settled.length; index++) {
                if (settle(index)) {
                    giveBack(ids[index]);
                    given++;
                }
            }
            return given;
        }

        /** The endpoint threw instead of reporting: every message not reported yet has failed. */
        void failRemaining(RuntimeException failure) {
            for (int index = 0; index < ids.length; index++) {
                failed(index, failure);
            }
        }
    }
}
