package io.strata.routing.internal.runtime;

import io.strata.api.retry.Backoff;
import io.strata.api.routing.Endpoint;
import io.strata.routing.internal.lang.RouteSink;
import io.strata.routing.internal.store.QueueStore;
import io.strata.routing.internal.store.StoredMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one consumer of an endpoint's queue. It keeps up to {@link #WINDOW} messages in flight, in queue
 * order, sending the next as soon as one is delivered, and acknowledges delivered messages in groups
 * (one store commit each). Keeping the window full matters beyond throughput: a receiver that waits
 * for our data before sending its acknowledgements (Nagle's algorithm against delayed ACKs) would
 * otherwise stall each batch for tens of milliseconds. While the sink's bundle is missing or the
 * endpoint is not ready it asks again shortly; after a failed delivery it sends nothing new until its
 * back-off ends. It runs as tasks on a shared scheduler, never two at once, and sleeps while the queue
 * is empty until {@link #wake} is called.
 */
final class DeliveryLoop {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

    static final int WINDOW = 64;
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

    // Guarded by this.
    private boolean scheduled;
    private boolean running;
    /** Something was queued or delivered while a run was scheduled or under way: look again when it ends. */
    private boolean wakeRequested;
    private boolean stopped;
    private String state = "idle";
    private final Set<Long> inFlight = new HashSet<>();
    private final List<Long> delivered = new ArrayList<>();
    /** No new deliveries before this, after a failure. */
    private long notBeforeNanos = System.nanoTime();
    private int failuresInARow;
    private long deliveredCount;
    private long failures;
    private String lastError;

    DeliveryLoop(String id, QueueStore store, Sinks sinks, ScheduledExecutorService scheduler, Backoff backoff) {
        this.id = id;
        this.sink = SinkIds.sink(id);
        this.store = store;
        this.sinks = sinks;
        this.scheduler = scheduler;
        this.backoff = backoff;
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

    private void schedule(Duration delay) {
        scheduled = true;
        scheduler.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One step; never two at once, since a run is scheduled only while none is scheduled or running. */
    private void run() {
        List<Long> acknowledged;
        Set<Long> sending;
        long backingOffNanos;
        synchronized (this) {
            scheduled = false;
            if (stopped) {
                return;
            }
            running = true;
            wakeRequested = false;
            acknowledged = List.copyOf(delivered);
            delivered.clear();
            sending = Set.copyOf(inFlight);
            backingOffNanos = notBeforeNanos - System.nanoTime();
        }
        store.acknowledge(id, acknowledged);
        if (backingOffNanos > 0) {
            finish(null, Duration.ofNanos(backingOffNanos));
            return;
        }
        Optional<Endpoint> endpoint;
        try {
            endpoint = sinks.endpoint(sink);
        } catch (RuntimeException e) {
            failed("the sink refused its argument: " + e.getMessage());
            finish(null, Duration.ZERO);
            return;
        }
        if (endpoint.isEmpty()) {
            finish("waiting for a bundle providing sink " + sink.name(), SINK_POLL);
            return;
        }
        if (!ready(endpoint.get())) {
            finish("waiting for the receiver", READY_POLL);
            return;
        }
        int room = WINDOW - sending.size();
        List<StoredMessage> next = room <= 0 ? List.of() : store.peek(id, room, sending);
        if (next.isEmpty()) {
            finish(sending.isEmpty() ? "idle" : "delivering", null);
            return;
        }
        synchronized (this) {
            state = "delivering";
            next.forEach(message -> inFlight.add(message.id()));
        }
        next.forEach(message -> deliver(endpoint.get(), message));
        finish("delivering", null);
    }

    private void deliver(Endpoint endpoint, StoredMessage stored) {
        CompletableFuture<Void> delivery;
        try {
            delivery = endpoint.deliver(stored.message()).toCompletableFuture();
        } catch (RuntimeException e) {
            delivery = CompletableFuture.failedFuture(e);
        }
        delivery.orTimeout(DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((done, failure) -> {
            synchronized (this) {
                inFlight.remove(stored.id());
                if (failure == null) {
                    delivered.add(stored.id());
                    deliveredCount++;
                    failuresInARow = 0;
                } else {
                    failed(describe(failure));
                }
            }
            wake();
        });
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

    /** Counts a failure and holds back new deliveries for the back-off; messages in flight go on. */
    private synchronized void failed(String error) {
        failures++;
        failuresInARow++;
        lastError = error;
        Duration wait = backoff.after(failuresInARow);
        notBeforeNanos = System.nanoTime() + wait.toNanos();
        LOG.warn("Delivery to {} failed ({}); trying again in {} ms", id, error, wait.toMillis());
        state = "backing off " + wait.toMillis() + " ms after " + failuresInARow + " failure(s)";
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof TimeoutException
                ? "no answer within " + DELIVERY_TIMEOUT.toSeconds() + " s" : String.valueOf(cause.getMessage());
    }
}
