package io.strata.amqp.internal.server;

import io.strata.api.identity.Authenticator;
import io.strata.api.identity.Authorizer;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.module.ClientConnections;
import io.strata.api.node.ChildNodes;
import io.strata.api.routing.Router;
import io.strata.api.twin.TwinService;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What every connection of the listener shares: the node's services (the optional ones looked up
 * at each use, as they come and go), its names and limits, and the directory of open links.
 */
final class ServerServices {

    static final String TRANSPORT = "amqp";

    final String hostname;
    final int maxMessageBytes;
    final Authenticator authenticator;
    final Authorizer authorizer;
    final IdentityRegistry registry;
    final ChildNodes childNodes;
    final Supplier<Optional<Router>> router;
    final Supplier<Optional<TwinService>> twins;
    final Supplier<Optional<ClientConnections>> clientConnections;
    final Clock clock;
    final ClientLinks links = new ClientLinks();
    final MethodCalls methods = new MethodCalls();
    /** The open connections, whose credentials are checked again when identities change. */
    final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();

    ServerServices(String hostname, int maxMessageBytes, Authenticator authenticator, Authorizer authorizer,
            IdentityRegistry registry, ChildNodes childNodes, Supplier<Optional<Router>> router,
            Supplier<Optional<TwinService>> twins, Supplier<Optional<ClientConnections>> clientConnections, Clock clock) {
        this.hostname = hostname;
        this.maxMessageBytes = maxMessageBytes;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.registry = registry;
        this.childNodes = childNodes;
        this.router = router;
        this.twins = twins;
        this.clientConnections = clientConnections;
        this.clock = clock;
    }

    boolean isEdgeDevice(IdentityId id) {
        return !id.isModule() && registry.find(id).map(identity -> identity.isEdgeDevice() && identity.enabled())
                .orElse(false);
    }
}
