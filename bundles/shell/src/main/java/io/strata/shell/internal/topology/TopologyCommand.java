package io.strata.shell.internal.topology;

import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.metrics.TreeHealth;
import io.strata.api.module.ClientConnection;
import io.strata.api.module.ClientConnections;
import io.strata.api.node.UpstreamLink;
import io.strata.api.node.UpstreamStatus;
import io.strata.api.twin.TwinService;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.Row;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * Shows where this node sits in its tree: itself, its link to the parent, and every device below it,
 * every level deep, with its connection state: this node's children as its edge hub sees them, and
 * below each edge node the devices and clients that node reports in its {@code $edgeHub} twin, which
 * reach this node by the twin sync. At the hub, each edge node's row also shows the health it last
 * sent up the tree and how long ago.
 */
@Command(scope = "edge", name = "topology", description = "Shows this node, its parent link and every device "
        + "below it, every level deep, with their connection state; at the hub, each edge node's last-seen health")
@Service
public class TopologyCommand implements Action {

    @Option(name = "--no-format", description = "Disable table rendered output")
    boolean noFormat;

    private static final String EDGE_HUB = "$edgeHub";
    private static final String NEVER = "Never";
    private static final String NOT_REPORTED = "Not reported";

    @Reference
    ThisNode node;

    // Optional, so that the command (and the others of this bundle) runs on every node: the
    // upstream link runs only below the top, the others while their features are installed.
    @Reference(optional = true)
    IdentityRegistry registry;

    @Reference(optional = true)
    UpstreamLink upstream;

    @Reference(optional = true)
    ClientConnections connections;

    @Reference(optional = true)
    TwinService twins;

    // Only on the hub, where the health reports of the tree end.
    @Reference(optional = true)
    TreeHealth health;

    /** How a device was last seen: by this node's edge hub, or as its parent node reported it. */
    private record Seen(String state, String transport, String lastSeen) {
    }

    @Override
    public Object execute() {
        if (registry == null) {
            throw new IllegalStateException("The identity registry is not running: feature:install strata-identity");
        }
        String deviceId = node.deviceId();
        String parentHostname = node.parentHostname();
        System.out.println("Node:     " + deviceId + " (hostname " + registry.hostname() + "), "
                + (parentHostname.isEmpty() ? "top of its tree" : "child of " + parentHostname));
        System.out.println("Parent:   " + parent(parentHostname));
        if (health != null) {
            System.out.println("Health:   " + health(deviceId));
        }
        if (connections == null) {
            System.out.println("(the edge hub is not running: connection states are unknown)");
        }
        System.out.println("Children:");
        children(deviceId).print(System.out, !noFormat);
        return null;
    }

    private String parent(String parentHostname) {
        if (upstream != null) {
            UpstreamStatus status = upstream.status();
            return status.parentHostname() + " at " + status.address() + " over " + status.protocol() + ": "
                    + status.state() + " since " + time(status.since())
                    + (status.lastError() == null ? "" : ", last error: " + status.lastError());
        }
        return parentHostname.isEmpty() ? "none" : parentHostname + ": no upstream link is running";
    }

    private ShellTable children(String deviceId) {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Kind");
        table.column("State");
        table.column("Transport");
        table.column("Last seen");
        if (health != null) {
            table.column("Health");
        }
        table.emptyTableText("no device has this node as its parent: edge:device-add -p " + deviceId + " <id>");
        Map<String, Seen> seen = connections == null ? Map.of() : connections.clients().stream().collect(
                Collectors.toMap(client -> client.id().toString(), client -> new Seen(state(client),
                        client.transport(), lastSeen(client))));
        addBelow(table, deviceId, 0, seen, connections == null ? "?" : NEVER);
        return table;
    }

    /**
     * Adds the devices whose parent is {@code deviceId}, each followed by what lies below it when it is an
     * edge node, indented by depth.
     *
     * @param seen   how the node {@code deviceId} sees its clients, by id
     * @param unseen the state of a device that node does not report
     */
    private void addBelow(ShellTable table, String deviceId, int depth, Map<String, Seen> seen, String unseen) {
        String indent = "  ".repeat(depth);
        for (Identity child : registry.children(deviceId)) {
            Optional<Seen> client = Optional.ofNullable(seen.get(child.id().toString()));
            addRow(table, indent + child.id(), kind(child), client.map(Seen::state).orElse(unseen),
                    client.map(Seen::transport).orElse(""), client.map(Seen::lastSeen).orElse(""),
                    child.isEdgeDevice() ? health(child.id().deviceId()) : "");
            if (child.isEdgeDevice() && twins != null) {
                addReportedBy(table, child.id().deviceId(), depth + 1);
            }
        }
    }

    /** What an edge node below reports: its children, every level deep, then its other clients (its modules). */
    private void addReportedBy(ShellTable table, String nodeDeviceId, int depth) {
        List<ReportedClients.Client> reported = ReportedClients.of(
                twins.get(IdentityId.module(nodeDeviceId, EDGE_HUB)).reported());
        Map<String, Seen> seen = reported.stream().collect(Collectors.toMap(ReportedClients.Client::id,
                client -> new Seen(client.status(), "", client.lastSeen())));
        addBelow(table, nodeDeviceId, depth, seen, NOT_REPORTED);
        Set<String> children = registry.children(nodeDeviceId).stream().map(child -> child.id().toString())
                .collect(Collectors.toSet());
        for (ReportedClients.Client client : reported) {
            if (!children.contains(client.id())) {
                addRow(table, "  ".repeat(depth) + client.id(), kindOf(client.id()), client.status(), "",
                        client.lastSeen(), "");
            }
        }
    }

    private void addRow(ShellTable table, String id, String kind, String state, String transport, String lastSeen,
            String healthText) {
        Row row = table.addRow();
        row.addContent(id, kind, state, transport, lastSeen);
        if (health != null) {
            row.addContent(healthText);
        }
    }

    private String health(String deviceId) {
        return health == null ? "" : health.lastSeen(deviceId).map(seen -> HealthText.of(seen, Instant.now()))
                .orElse("no report yet");
    }

    /** The kind of a client a child reports, as far as this node's registry knows it. */
    private String kindOf(String clientId) {
        try {
            return registry.find(IdentityId.parse(clientId)).map(TopologyCommand::kind).orElse("");
        } catch (IllegalArgumentException e) {
            return ""; // not an id this node can read: shown as the child reported it
        }
    }

    private static String kind(Identity identity) {
        return switch (identity.kind()) {
            case EDGE_DEVICE -> "edge";
            case LEAF_DEVICE -> "leaf";
            case MODULE -> "module";
        };
    }

    private static String state(ClientConnection client) {
        return client.connected() ? "Connected" : "Disconnected";
    }

    private static String lastSeen(ClientConnection client) {
        return time(client.connected() || client.lastDisconnected() == null ? client.lastConnected()
                : client.lastDisconnected());
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
