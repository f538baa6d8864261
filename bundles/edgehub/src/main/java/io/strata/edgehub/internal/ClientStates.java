package io.strata.edgehub.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.module.ClientConnection;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The clients seen since the node started: through which transports each is connected now, and
 * when it last connected and disconnected. Safe for any number of threads; every report is applied
 * to one client atomically.
 */
final class ClientStates {

    private final ConcurrentMap<IdentityId, State> states = new ConcurrentHashMap<>();

    /** @return whether this changed what is known of the client; false when it was connected there already */
    boolean connected(IdentityId client, String transport, Instant now) {
        AtomicBoolean changed = new AtomicBoolean();
        states.compute(client, (id, state) -> changedTo(changed, state, state == null
                ? new State(Set.of(transport), transport, now, null)
                : state.with(transport, now)));
        return changed.get();
    }

    /** @return whether this changed what is known of the client; false when it had no connection there */
    boolean disconnected(IdentityId client, String transport, Instant now) {
        AtomicBoolean changed = new AtomicBoolean();
        states.computeIfPresent(client, (id, state) -> changedTo(changed, state, state.without(transport, now)));
        return changed.get();
    }

    /** @return the client as known now, or null when it was never seen */
    ClientConnection client(IdentityId client) {
        State state = states.get(client);
        return state == null ? null : state.toConnection(client);
    }

    /** Every client, ordered by id. */
    List<ClientConnection> clients() {
        return states.entrySet().stream()
                .map(entry -> entry.getValue().toConnection(entry.getKey()))
                .sorted(Comparator.comparing(connection -> connection.id().toString()))
                .toList();
    }

    private static State changedTo(AtomicBoolean changed, State before, State after) {
        changed.set(after != before);
        return after;
    }

    /** One client; immutable, so that a compute either replaces it or returns it unchanged. */
    private record State(Set<String> transports, String lastTransport, Instant lastConnected, Instant lastDisconnected) {

        State with(String transport, Instant now) {
            if (transports.contains(transport)) {
                return this;
            }
            Set<String> more = new HashSet<>(transports);
            more.add(transport);
            return new State(Set.copyOf(more), transport, now, lastDisconnected);
        }

        State without(String transport, Instant now) {
            if (!transports.contains(transport)) {
                return this;
            }
            Set<String> fewer = new HashSet<>(transports);
            fewer.remove(transport);
            // connected elsewhere still, it has not disconnected
            return new State(Set.copyOf(fewer), lastTransport, lastConnected, fewer.isEmpty() ? now : lastDisconnected);
        }

        ClientConnection toConnection(IdentityId id) {
            return new ClientConnection(id, lastTransport, !transports.isEmpty(), lastConnected, lastDisconnected);
        }
    }
}
