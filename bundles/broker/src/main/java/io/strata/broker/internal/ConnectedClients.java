package io.strata.broker.internal;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The connections Moquette has accepted, by client id. A client that connects again replaces its
 * older connection, as Moquette's session takeover does.
 */
final class ConnectedClients {

    private final ConcurrentMap<String, ClientChannel> channels = new ConcurrentHashMap<>();

    void connected(String clientId, ClientChannel channel) {
        channels.put(clientId, channel);
    }

    void disconnected(String clientId, ClientChannel channel) {
        channels.remove(clientId, channel);
    }

    Optional<ClientChannel> get(String clientId) {
        return Optional.ofNullable(channels.get(clientId));
    }
}
