package io.strata.routing.internal.runtime;

import io.strata.api.message.Message;
import io.strata.api.retry.Backoff;
import io.strata.api.routing.EndpointStatus;
import io.strata.api.routing.MessageRejectedException;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.ReceivedCount;
import io.strata.api.routing.RouteStatus;
import io.strata.api.routing.Router;
import io.strata.routing.internal.lang.MessageContext;
import io.strata.routing.internal.lang.RouteSource;
import io.strata.routing.internal.store.Destination;
import io.strata.routing.internal.store.QueueStats;
import io.strata.routing.internal.store.QueueStore;
import io.strata.routing.internal.store.StoreFullException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The router: matches a message against the routes in force, stores it once for every endpoint they
 * name and keeps one {@link DeliveryLoop} per endpoint queue. Routes change at runtime without
 * touching what is queued: a queue drains even when its route is gone, and is removed once empty.
 */
final class RoutingEngine implements Router {

    /** The timeout sweep runs at least this often, and four times per delivery timeout when that is shorter. */
    private static final Duration MAX_SWEEP_PERIOD = Duration.ofSeconds(1);

    private final QueueStore store;
    private final Sinks sinks;
    private final ScheduledExecutorService scheduler;
    private final Duration defaultTimeToLive;
    private final Backoff backoff;
    private final Map<String, DeliveryLoop> loops = new ConcurrentHashMap<>();
    /** By {@link RouteSource#origin}; as many entries as senders, which the registry bounds. */
    private final Map<String, AtomicLong> unrouted = new ConcurrentHashMap<>();
    private final ReceivedCounts received = new ReceivedCounts();
    private final Duration deliveryTimeout;
    private final ScheduledFuture<?> sweeps;
    private volatile EdgeHubSettings settings = EdgeHubSettings.none();
    /** The routes of {@link #settings} with where each sends, worked out once rather than per message. */
    private volatile List<Target> targets = List.of();

    /** A route in force and the destination of the messages it takes. */
    private record Target(ConfiguredRoute route, Destination destination) {
    }

    RoutingEngine(QueueStore store, Sinks sinks, ScheduledExecutorService scheduler, Duration defaultTimeToLive,
            Backoff backoff) {
        this(store, sinks, scheduler, defaultTimeToLive, backoff, DeliveryLoop.DELIVERY_TIMEOUT);
    }

    /** @param deliveryTimeout how long a delivery may go without an outcome before it has failed */
    RoutingEngine(QueueStore store, Sinks sinks, ScheduledExecutorService scheduler, Duration defaultTimeToLive,
            Backoff backoff, Duration deliveryTimeout) {
        this.store = store;
        this.sinks = sinks;
        this.scheduler = scheduler;
        this.defaultTimeToLive = defaultTimeToLive;
        this.backoff = backoff;
        this.deliveryTimeout = deliveryTimeout;
        long sweepMillis = Math.max(1, Math.min(MAX_SWEEP_PERIOD.toMillis(), deliveryTimeout.toMillis() / 4));
        this.sweeps = scheduler.scheduleWithFixedDelay(() -> loops.values().forEach(DeliveryLoop::sweep), sweepMillis,
                sweepMillis, TimeUnit.MILLISECONDS);
        store.endpoints().forEach(id -> loop(id).wake());
    }

    /** Puts new routes in force; queued messages stay where they are. */
    void apply(EdgeHubSettings newSettings) {
        targets = newSettings.routes().values().stream().map(route -> new Target(route,
                new Destination(SinkIds.id(route.route().sink()), route.priority(), timeToLive(route, newSettings))))
                .toList();
        settings = newSettings;
        newSettings.routes().values().forEach(route -> loop(SinkIds.id(route.route().sink())).wake());
        removeUnusedQueues();
    }

    EdgeHubSettings settings() {
        return settings;
    }

    @Override
    public CompletionStage<Void> route(MessageSource source, Message message) {
        List<Destination> destinations = destinations(source, message);
        if (destinations == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> durable;
        try {
            durable = store.append(message, destinations);
        } catch (StoreFullException e) {
            return CompletableFuture.failedFuture(new MessageRejectedException(e.getMessage()));
        }
        return wakingWhenDurable(durable, destinations);
    }

    /** Routes the sender's batch as {@link #route(MessageSource, Message)} routes one, stored in one go. */
    @Override
    public CompletionStage<Void> route(MessageSource source, List<Message> messages) {
        List<Message> taken = new ArrayList<>(messages.size());
        List<List<Destination>> takenTo = new ArrayList<>(messages.size());
        Set<String> endpoints = new TreeSet<>();
        List<Destination> all = new ArrayList<>();
        for (Message message : messages) {
            List<Destination> destinations = destinations(source, message);
            if (destinations != null) {
                taken.add(message);
                takenTo.add(destinations);
                for (Destination destination : destinations) {
                    if (endpoints.add(destination.endpoint())) {
                        all.add(destination);
                    }
                }
            }
        }
        if (taken.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> durable;
        try {
            durable = store.appendAll(taken, takenTo);
        } catch (StoreFullException e) {
            return CompletableFuture.failedFuture(new MessageRejectedException(e.getMessage()));
        }
        return wakingWhenDurable(durable, all);
    }

    /** Where the routes in force send the message, null for nowhere (counted). */
    private List<Destination> destinations(MessageSource source, Message message) {
        if (source == MessageSource.TELEMETRY) {
            received.count(message);
        }
        MessageContext context = MessageContext.of(message);
        List<Destination> destinations = null;
        for (Target target : targets) {
            if (target.route().route().takes(source, context)) {
                target.route().countMatch();
                destinations = add(destinations, target.destination());
            }
        }
        if (destinations == null) {
            // IoT Edge drops what no route takes; the count lets an operator see it happen.
            unrouted.computeIfAbsent(RouteSource.origin(source, message), origin -> new AtomicLong()).incrementAndGet();
        }
        return destinations;
    }

    /**
     * The sender's stage: completes when the store's append is durable, after waking the loops of the endpoints it
     * went to (they get only what is on disk), or fails naming why the store could not write it.
     */
    private CompletableFuture<Void> wakingWhenDurable(CompletableFuture<Void> durable, List<Destination> destinations) {
        DeliveryLoop[] consumers = new DeliveryLoop[destinations.size()];
        for (int index = 0; index < consumers.length; index++) {
            consumers[index] = loop(destinations.get(index).endpoint());
        }
        // One stage per append, completed by the store's committer along with every other append of its commit.
        CompletableFuture<Void> routed = new CompletableFuture<>();
        durable.whenComplete((stored, failure) -> {
            if (failure != null) {
                routed.completeExceptionally(new MessageRejectedException("the message store could not write it: "
                        + cause(failure).getMessage()));
                return;
            }
            for (DeliveryLoop consumer : consumers) {
                consumer.wake();
            }
            routed.complete(null);
        });
        return routed;
    }

    /** Adds a route's destination; two routes to one endpoint send the message there once. */
    private static List<Destination> add(List<Destination> destinations, Destination added) {
        if (destinations == null) {
            return List.of(added);
        }
        List<Destination> merged = new ArrayList<>(destinations.size() + 1);
        boolean mergedAdded = false;
        for (Destination destination : destinations) {
            if (destination.endpoint().equals(added.endpoint())) {
                merged.add(stronger(destination, added));
                mergedAdded = true;
            } else {
                merged.add(destination);
            }
        }
        if (!mergedAdded) {
            merged.add(added);
        }
        return merged;
    }

    /**
     * A sink's bundle came or went, or a receiver of the sink may be ready now: its endpoints try again at once,
     * without waiting for their next look.
     */
    void sinkChanged(String name) {
        loops.values().stream().filter(loop -> SinkIds.sink(loop.id()).name().equals(name))
                .forEach(DeliveryLoop::receiverChanged);
    }

    /** Messages no route matched since the node started, by where they came from. */
    Map<String, Long> unrouted() {
        Map<String, Long> counts = new TreeMap<>();
        unrouted.forEach((origin, count) -> counts.put(origin, count.get()));
        return counts;
    }

    /** The telemetry taken since the node started, by sender and output. */
    List<ReceivedCount> received() {
        return received.snapshot();
    }

    List<RouteStatus> routes() {
        EdgeHubSettings current = settings;
        List<RouteStatus> routes = new ArrayList<>();
        current.routes().forEach((name, route) -> routes.add(new RouteStatus(name, route.route().text(),
                route.priority() == Destination.UNPRIORITISED ? -1 : route.priority(), timeToLive(route, current),
                route.matched())));
        routes.sort((a, b) -> a.name().compareTo(b.name()));
        return routes;
    }

    List<EndpointStatus> endpoints() {
        Set<String> ids = new TreeSet<>(store.endpoints());
        ids.addAll(loops.keySet());
        List<EndpointStatus> endpoints = new ArrayList<>();
        for (String id : ids) {
            QueueStats stats = store.stats(id);
            DeliveryLoop loop = loops.get(id);
            endpoints.add(new EndpointStatus(id, loop == null ? "idle" : loop.state(), stats.depth(), stats.oldestAge(),
                    stats.checkpoint(), loop == null ? 0 : loop.delivered(), stats.expired(), stats.dropped(),
                    loop == null ? 0 : loop.failures(), loop == null ? null : loop.lastError()));
        }
        return endpoints;
    }

    /** Drops the loop and queue of every endpoint that no route names and that has nothing left to deliver. */
    void removeUnusedQueues() {
        Set<String> named = settings.routes().values().stream().map(route -> SinkIds.id(route.route().sink()))
                .collect(Collectors.toSet());
        for (String id : new ArrayList<>(loops.keySet())) {
            if (!named.contains(id) && store.removeIfEmpty(id)) {
                loops.remove(id).stop();
            }
        }
    }

    void stop() {
        sweeps.cancel(false);
        loops.values().forEach(DeliveryLoop::stop);
    }

    private DeliveryLoop loop(String id) {
        DeliveryLoop existing = loops.get(id);
        return existing != null ? existing : loops.computeIfAbsent(id,
                created -> new DeliveryLoop(created, store, sinks, scheduler, backoff, deliveryTimeout));
    }

    private Duration timeToLive(ConfiguredRoute route, EdgeHubSettings current) {
        if (route.timeToLive() != null) {
            return route.timeToLive();
        }
        return current.timeToLive() != null ? current.timeToLive() : defaultTimeToLive;
    }

    /** Two routes to one endpoint: the message goes once, with the higher priority and the longer life. */
    private static Destination stronger(Destination a, Destination b) {
        return new Destination(a.endpoint(), Math.min(a.priority(), b.priority()),
                a.timeToLive().compareTo(b.timeToLive()) >= 0 ? a.timeToLive() : b.timeToLive());
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
