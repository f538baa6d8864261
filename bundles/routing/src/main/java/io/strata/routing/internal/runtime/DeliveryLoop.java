package io.strata.routing.internal.runtime;

import io.strata.api.routing.Endpoint;
import io.strata.routing.internal.RouteSink;
import io.strata.routing.internal.store.QueueStore;
import io.strata.routing.internal.store.StoredMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one consumer of an endpoint's queue. It delivers a batch in queue order with every message of
 * the batch in flight at once, acknowledges what was delivered, and goes on. While the sink's bundle
 * is missing or the endpoint is not ready it asks again shortly; after a failed delivery it backs off.
 * It runs as tasks on a shared scheduler, never two at once, and sleeps while the queue is empty
 * until {@link #wake} is called.
 */
final class DeliveryLoop {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

    static final int BATCH = 64;
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
    /** Something was queued while a run was scheduled or under way: look again when it ends. */
    private boolean wakeRequested;
    private boolean stopped;
    private String state = "idle";
    private int failuresInARow;
    private long delivered;
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
     * Something was queued, or the sink came: deliver now, or when the run under way ends; a back-off
     * still runs its course.
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
        return delivered;
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
        synchronized (this) {
            scheduled = false;
            if (stopped) {
                return;
            }
            running = true;
            wakeRequested = false;
        }
        Optional<Endpoint> endpoint;
        try {
            endpoint = sinks.endpoint(sink);
        } catch (RuntimeException e) {
            failed("the sink refused its argument: " + e.getMessage());
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
        List<StoredMessage> batch = store.peek(id, BATCH);
        if (batch.isEmpty()) {
            finish("idle", null);
            return;
        }
        synchronized (this) {
            state = "delivering";
        }
        deliver(endpoint.get(), batch);
    }

    private void deliver(Endpoint endpoint, List<StoredMessage> batch) {
        List<CompletableFuture<Long>> deliveries = new ArrayList<>(batch.size());
        for (StoredMessage stored : batch) {
            CompletableFuture<Void> delivery;
            try {
                delivery = endpoint.deliver(stored.message()).toCompletableFuture();
            } catch (RuntimeException e) {
                delivery = CompletableFuture.failedFuture(e);
            }
            deliveries.add(delivery.orTimeout(DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .thenApply(done -> stored.id()));
        }
        CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).whenComplete((done, ignored) -> {
            List<Long> acknowledged = new ArrayList<>();
            Throwable failure = null;
            for (CompletableFuture<Long> delivery : deliveries) {
                if (delivery.isCompletedExceptionally()) {
                    failure = failure == null ? delivery.handle((id, error) -> error).join() : failure;
                } else {
                    acknowledged.add(delivery.join());
                }
            }
            store.acknowledge(id, acknowledged);
            synchronized (this) {
                delivered += acknowledged.size();
                if (failure != null) {
                    failed(describe(failure));
                } else {
                    failuresInARow = 0;
                    finish("delivering", Duration.ZERO);
                }
            }
        });
    }

    private static boolean ready(Endpoint endpoint) {
        try {
            return endpoint.isReady();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Ends a run: next one after {@code next}, or, when null, only if something was queued meanwhile. */
    private synchronized void finish(String newState, Duration next) {
        state = newState;
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

    private synchronized void failed(String error) {
        failures++;
        failuresInARow++;
        lastError = error;
        Duration wait = backoff.after(failuresInARow);
        LOG.warn("Delivery to {} failed ({}); trying again in {} ms", id, error, wait.toMillis());
        finish("backing off " + wait.toMillis() + " ms after " + failuresInARow + " failure(s)", wait);
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof TimeoutException
                ? "no answer within " + DELIVERY_TIMEOUT.toSeconds() + " s" : String.valueOf(cause.getMessage());
    }
}
