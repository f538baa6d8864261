package io.strata.shell.internal.topology;

import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.module.ClientConnection;
import io.strata.api.module.ClientConnections;
import io.strata.api.node.UpstreamLink;
import io.strata.api.node.UpstreamStatus;
import io.strata.api.twin.TwinService;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * Shows where this node sits in its tree: itself, its link to the parent, and the devices below it
 * with their connection state; below each child edge device, the clients that node reports in its
 * {@code $edgeHub} twin, which reach this node by the twin sync.
 */
@Command(scope = "edge", name = "topology", description = "Shows this node, its parent link and its children with "
        + "their connection state, and the clients of each child edge node")
@Service
public class TopologyCommand implements Action {

    @Option(name = "--no-format", description = "Disable table rendered output")
    boolean noFormat;

    private static final String EDGE_HUB = "$edgeHub";
    private static final String NEVER = "Never";

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
        Map<IdentityId, ClientConnection> clients = connections == null ? Map.of()
                : connections.clients().stream().collect(Collectors.toMap(ClientConnection::id, Function.identity()));
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Kind");
        table.column("State");
        table.column("Transport");
        table.column("Last seen");
        table.emptyTableText("no device has this node as its parent: edge:device-add -p " + deviceId + " <id>");
        for (Identity child : registry.children(deviceId)) {
            Optional<ClientConnection> client = Optional.ofNullable(clients.get(child.id()));
            table.addRow().addContent(child.id().toString(), kind(child),
                    connections == null ? "?" : client.map(TopologyCommand::state).orElse(NEVER),
                    client.map(ClientConnection::transport).orElse(""),
                    client.map(TopologyCommand::lastSeen).orElse(""));
            if (child.isEdgeDevice() && twins != null) {
                for (ReportedClients.Client below : ReportedClients.of(
                        twins.get(IdentityId.module(child.id().deviceId(), EDGE_HUB)).reported())) {
                    table.addRow().addContent("  " + below.id(), kindOf(below.id()), below.status(), "",
                            below.lastSeen());
                }
            }
        }
        return table;
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
