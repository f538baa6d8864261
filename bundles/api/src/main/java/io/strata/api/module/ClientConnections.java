package io.strata.api.module;

import io.strata.api.identity.IdentityId;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Which devices and modules are connected to this node's edge hub, and when they were last seen.
 * Every {@link ClientTransport} reports its clients here; the edge hub reports them in its
 * {@code $edgeHub} twin's {@code clients}, so the nodes above see them too.
 *
 * <p>Both calls state what is true now and may be repeated: {@code connected} says the client has a
 * connection through that transport, {@code disconnected} that it has none left there. A transport
 * on which one client can hold several connections (a session takeover, two AMQP connections) says
 * {@code disconnected} only when the last one ends. A client is connected while some transport says
 * so. Both are called on I/O threads and return at once.
 */
@ProviderType
public interface ClientConnections {

    /** A client authenticated and connected through {@code transport} ({@code mqtt}, {@code amqp}, {@code in-process}). */
    void connected(IdentityId client, String transport);

    /** A client's connection through {@code transport} ended. */
    void disconnected(IdentityId client, String transport);

    /** Every client seen since the node started, ordered by id. */
    List<ClientConnection> clients();
}
