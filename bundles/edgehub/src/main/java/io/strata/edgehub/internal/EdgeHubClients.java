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
import java.util.List;
import java.util.Map;
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
 * only the entries that changed since the last write.
 *
 * <p>The clients are known from the node's start; entries an earlier run left {@code Connected} are
 * set {@code Disconnected} at the start, since those connections ended with that run.
 */
@Component(service = ClientConnections.class, immediate = true, configurationPid = NodeSettings.PID)
public class EdgeHubClients implements ClientConnections {

    /** The edge hub's module in IoT Edge, whose twin holds the edge hub's reported properties. */
    static final String EDGE_HUB_MODULE = "$edgeHub";

    private static final Logger LOG = LoggerFactory.getLogger(EdgeHubClients.class);

    private final TwinService twins;
    private final Clock clock;
    private final long intervalNanos;
    private final ClientStates states = new ClientStates();
    // One thread writes the twin: the entries last written are its own.
    private final ScheduledThreadPoolExecutor writer = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "strata-edgehub-clients");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, ObjectNode> written = new HashMap<>();
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private volatile long nextWriteNanos = System.nanoTime();
    private volatile IdentityId twin;

    @Activate
    public EdgeHubClients(@Reference TwinService twins, NodeConfiguration node) {
        this(twins, NodeNames.of(node).deviceId(), Clock.systemUTC(), Duration.ofSeconds(1));
    }

    EdgeHubClients(TwinService twins, String deviceId, Clock clock, Duration interval) {
        this.twins = twins;
        this.clock = clock;
        this.intervalNanos = interval.toNanos();
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
                written.clear();
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
            changed();
        }
    }

    @Override
    public void disconnected(IdentityId client, String transport) {
        if (states.disconnected(client, transport, now())) {
            LOG.debug("{} disconnected from {}", client, transport);
            changed();
        }
    }

    @Override
    public List<ClientConnection> clients() {
        return states.clients();
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
        Map<String, ObjectNode> changed = new HashMap<>();
        for (ClientConnection client : states.clients()) {
            ObjectNode entry = ClientsReport.entry(client);
            if (!entry.equals(written.get(client.id().toString()))) {
                changed.put(client.id().toString(), entry);
            }
        }
        patch(changed);
    }

    private void endEarlierConnections() {
        Map<String, ObjectNode> earlier;
        try {
            earlier = ClientsReport.read(twins.get(twin).reported());
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the clients of an earlier run in the twin of {}: {}", twin, e.getMessage());
            return;
        }
        written.putAll(earlier);
        Map<String, ObjectNode> ended = new HashMap<>();
        earlier.forEach((id, entry) -> {
            if (ClientsReport.CONNECTED.equals(entry.path(ClientsReport.STATUS).asText())) {
                ended.put(id, entry.deepCopy().put(ClientsReport.STATUS, ClientsReport.DISCONNECTED));
            }
        });
        patch(ended);
    }

    /** Writes the entries; when that fails they stay unwritten, and go with the next change. */
    private void patch(Map<String, ObjectNode> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            twins.patchReported(twin, ClientsReport.patch(entries));
            written.putAll(entries);
        } catch (RuntimeException e) {
            LOG.warn("Cannot write {} clients to the reported properties of {}: {}", entries.size(), twin,
                    e.getMessage());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
