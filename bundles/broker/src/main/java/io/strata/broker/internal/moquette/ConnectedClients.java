package io.strata.broker.internal.moquette;

import io.strata.api.identity.IdentityId;
import io.strata.api.module.ClientConnections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections Moquette has accepted, by client id. A client that connects again replaces its
 * older connection, as Moquette's session takeover does. Each change is reported to the
 * {@link ClientConnections} of the edge hub, when it runs; the end of a replaced connection is not
 * one, since the client stays connected.
 */
final class ConnectedClients {

    /** The transport name the broker reports its clients with. */
    static final String TRANSPORT = "mqtt";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectedClients.class);

    private final ConcurrentMap<String, ClientChannel> channels = new ConcurrentHashMap<>();
    /** The connections of child nodes: they end with the connection, a new one subscribes again. */
    private final Set<ClientChannel> childNodes = ConcurrentHashMap.newKeySet();
    private final Supplier<Optional<ClientConnections>> reports;

    ConnectedClients(Supplier<Optional<ClientConnections>> reports) {
        this.reports = reports;
    }

    // Reports are made under the lock, so that reportAll cannot undo a disconnect that overtakes it.
    synchronized void connected(String clientId, ClientChannel channel) {
        channels.put(clientId, channel);
        reports.get().ifPresent(connections -> report(connections, clientId, true));
    }

    synchronized void disconnected(String clientId, ClientChannel channel) {
        childNodes.remove(channel);
        if (channels.remove(clientId, channel)) {
            reports.get().ifPresent(connections -> report(connections, clientId, false));
        }
    }

    /** Reports every connected client to connections that came after they connected. */
    synchronized void reportAll(ClientConnections connections) {
        channels.keySet().forEach(clientId -> report(connections, clientId, true));
    }

    Optional<ClientChannel> get(String clientId) {
        return Optional.ofNullable(channels.get(clientId));
    }

    /** Has every connection check its client's credentials again ({@link ClientChannel#checkCredentials()}). */
    void checkCredentials() {
        channels.values().forEach(ClientChannel::checkCredentials);
    }

    /** Marks the client's current connection as a child node's: it subscribed to its node topics. */
    void markChildNode(String clientId) {
        get(clientId).ifPresent(childNodes::add);
    }

    /** The client ids (edge device ids) of the connected child nodes. */
    List<String> childNodes() {
        return channels.entrySet().stream().filter(entry -> childNodes.contains(entry.getValue()))
                .map(Map.Entry::getKey).toList();
    }

    private static void report(ClientConnections connections, String clientId, boolean connected) {
        try {
            IdentityId client = IdentityId.parse(clientId);
            if (connected) {
                connections.connected(client, TRANSPORT);
            } else {
                connections.disconnected(client, TRANSPORT);
            }
        } catch (RuntimeException e) { // the edge hub's bookkeeping must not break the connection
            LOG.warn("Cannot report that {} {}: {}", clientId, connected ? "connected" : "disconnected", e.toString());
        }
    }
}
