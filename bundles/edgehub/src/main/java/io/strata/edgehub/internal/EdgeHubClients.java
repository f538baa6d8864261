package io.strata.edgehub.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.identity.IdentityId;
import io.strata.api.module.ClientConnection;
import io.strata.api.module.ClientConnections;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import io.strata.api.twin.TwinService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients of this node's edge hub, as its transports report them, written to the reported
 * {@code clients} of the twin {@code {deviceId}/$edgeHub}, from where the twin sync carries them to
 * the nodes above. Writes are throttled to one a second, each with the state as it is then, and hold
 * only the entries of the clients that changed since the last write.
 *
 * <p>The report holds at most {@value #MAX_REPORTED_CLIENTS} entries, as a twin section is bounded
 * ({@link io.strata.api.twin.TwinService#MAX_SECTION_BYTES}) and IoT Edge bounds an edge hub's clients
 * to 100 by default ({@code MaxConnectedClients}). Connected clients come first: when the report is
 * full, a client that connects takes the place of the entry that has been disconnected longest; with
 * no such entry it waits, unreported, until one disconnects. A disconnected client takes a free place only.
 * {@link #clients()} lists every client.
 *
 * <p>The clients are known from the node's start; entries an earlier run left {@code Connected} are
 * set {@code Disconnected} at the start, since those connections ended with that run.
 */
@Component(service = ClientConnections.class, immediate = true, configurationPid = NodeSettings.PID)
public class EdgeHubClients implements ClientConnections {

    /** The edge hub's module in IoT Edge, whose twin holds the edge hub's reported properties. */
    static final String EDGE_HUB_MODULE = "$edgeHub";
    /** The most client entries the report holds: IoT Edge's default bound on an edge hub's clients. */
    static final int MAX_REPORTED_CLIENTS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(EdgeHubClients.class);

    private final TwinService twins;
    private final Clock clock;
    private final long intervalNanos;
    private final int maxReported;
    private final ClientStates states = new ClientStates();
    /** The clients that changed since the last write, in order; one may be there more than once. */
    private final Queue<IdentityId> changedClients = new ConcurrentLinkedQueue<>();
    // One thread writes the twin: the fields below are its own.
    private final ScheduledThreadPoolExecutor writer = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "strata-edgehub-clients");
        thread.setDaemon(true);
        return thread;
    });
    /** The entries of the report once every pending change is written, by client id. */
    private final Map<String, ObjectNode> reported = new HashMap<>();
    /** Reported clients that are disconnected, the longest disconnected first: the ones to give way. */
    private final Set<String> disconnectedReported = new LinkedHashSet<>();
    /** Connected clients left out of a full report, in the order they came. */
    private final Set<IdentityId> waiting = new LinkedHashSet<>();
    /** Entries not written yet; a null entry removes the client from the report. */
    private final Map<String, ObjectNode> pending = new HashMap<>();
    private int failedWrites;
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private volatile long nextWriteNanos = System.nanoTime();
    private volatile IdentityId twin;

    @Activate
    public EdgeHubClients(@Reference TwinService twins, NodeConfiguration node) {
        this(twins, NodeNames.of(node).deviceId(), Clock.systemUTC(), Duration.ofSeconds(1), MAX_REPORTED_CLIENTS);
    }

    EdgeHubClients(TwinService twins, String deviceId, Clock clock, Duration interval) {
        this(twins, deviceId, clock, interval, MAX_REPORTED_CLIENTS);
    }

    EdgeHubClients(TwinService twins, String deviceId, Clock clock, Duration interval, int maxReported) {
        this.twins = twins;
        this.clock = clock;
        this.intervalNanos = interval.toNanos();
        this.maxReported = maxReported;
        this.twin = IdentityId.module(deviceId, EDGE_HUB_MODULE);
        writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        writer.execute(this::endEarlierConnections);
    }

    /** A new device id: the clients go to that device's twin, in full. */
    @Modified
    void modified(NodeConfiguration node) {
        IdentityId next = IdentityId.module(NodeNames.of(node).deviceId(), EDGE_HUB_MODULE);
        if (!next.equals(twin)) {
            writer.execute(() -> {
                twin = next;
                reported.clear();
                disconnectedReported.clear();
                waiting.clear();
                pending.clear();
                states.clients().forEach(client -> changedClients.add(client.id()));
            });
            changed();
        }
    }

    @Deactivate
    void deactivate() {
        writer.shutdown();
    }

    @Override
    public void connected(IdentityId client, String transport) {
        if (states.connected(client, transport, now())) {
            LOG.debug("{} connected through {}", client, transport);
            changed(client);
        }
    }

    @Override
    public void disconnected(IdentityId client, String transport) {
        if (states.disconnected(client, transport, now())) {
            LOG.debug("{} disconnected from {}", client, transport);
            changed(client);
        }
    }

    @Override
    public List<ClientConnection> clients() {
        return states.clients();
    }

    private void changed(IdentityId client) {
        changedClients.add(client);
        changed();
    }

    /** Schedules a write, unless one is scheduled already: that one will write this change too. */
    private void changed() {
        if (writeScheduled.compareAndSet(false, true)) {
            try {
                writer.schedule(this::write, Math.max(0, nextWriteNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("Client change not written: the edge hub stopped");
            }
        }
    }

    private void write() {
        nextWriteNanos = System.nanoTime() + intervalNanos;
        writeScheduled.set(false); // a change from now on schedules the next write
        for (IdentityId client = changedClients.poll(); client != null; client = changedClients.poll()) {
            report(client, states.client(client));
        }
        while (!waiting.isEmpty() && hasRoom()) {
            IdentityId client = waiting.iterator().next();
            report(client, states.client(client));
        }
        patch();
    }

    /** Puts the client's entry in the report, if it is there already or may take a place. */
    private void report(IdentityId id, ClientConnection client) {
        String key = id.toString();
        waiting.remove(id);
        if (!reported.containsKey(key) && reported.size() >= maxReported) {
            if (!client.connected()) {
                return; // a disconnected client takes a free place only
            }
            if (disconnectedReported.isEmpty()) {
                waiting.add(id);
                return;
            }
            giveWay();
        }
        ObjectNode entry = ClientsReport.entry(client);
        if (!entry.equals(reported.get(key))) {
            put(key, entry);
        }
    }

    private boolean hasRoom() {
        return reported.size() < maxReported || !disconnectedReported.isEmpty();
    }

    private void giveWay() {
        Iterator<String> longest = disconnectedReported.iterator();
        String key = longest.next();
        longest.remove();
        reported.remove(key);
        pending.put(key, null);
    }

    private void put(String key, ObjectNode entry) {
        reported.put(key, entry);
        pending.put(key, entry);
        if (ClientsReport.CONNECTED.equals(entry.path(ClientsReport.STATUS).asText())) {
            disconnectedReported.remove(key);
        } else {
            disconnectedReported.add(key);
        }
    }

    private void endEarlierConnections() {
        Map<String, ObjectNode> earlier;
        try {
            earlier = ClientsReport.read(twins.get(twin).reported());
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the clients of an earlier run in the twin of {}: {}", twin, e.getMessage());
            return;
        }
        earlier.forEach((key, entry) -> {
            reported.put(key, entry);
            if (ClientsReport.CONNECTED.equals(entry.path(ClientsReport.STATUS).asText())) {
                put(key, entry.deepCopy().put(ClientsReport.STATUS, ClientsReport.DISCONNECTED));
            } else {
                disconnectedReported.add(key);
            }
        });
        patch();
    }

    /**
     * Writes the pending entries; when that fails they stay pending and go with the next change.
     * A failure is logged once until a write succeeds again.
     */
    private void patch() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            twins.patchReported(twin, ClientsReport.patch(pending));
            pending.clear();
            if (failedWrites > 0) {
                LOG.info("Wrote the clients to the reported properties of {} again, after {} failed writes", twin,
                        failedWrites);
                failedWrites = 0;
            }
        } catch (RuntimeException e) {
            if (failedWrites++ == 0) {
                LOG.warn("Cannot write {} clients to the reported properties of {}: {} (retried with the next change,"
                        + " logged again once a write succeeded)", pending.size(), twin, e.getMessage());
            } else {
                LOG.debug("Cannot write {} clients to the reported properties of {} ({} failed writes): {}",
                        pending.size(), twin, failedWrites, e.getMessage());
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
