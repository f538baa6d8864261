package io.strata.amqp.internal.server;

import io.strata.api.identity.Authenticator;
import io.strata.api.identity.Authorizer;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.message.Message;
import io.strata.api.module.MethodResult;
import io.strata.api.node.ChildNodes;
import io.strata.api.routing.Router;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.TwinService;
import io.strata.amqp.internal.engine.ConnectLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The real AMQP listener on 127.0.0.1, for the upstream link's tests in another package: a parent
 * node as far as its child can tell. The caller wires the registry's and twins' listener calls to
 * {@link #identitiesChanged} and {@link #desiredChanged}, as the component does.
 */
public final class ParentListener implements AutoCloseable {

    private final AmqpListener listener;
    private final ServerServices services;

    public ParentListener(int port, SSLContext tls, String hostname, Authenticator authenticator, Authorizer authorizer,
            IdentityRegistry registry, ChildNodes childNodes, Router router, TwinService twins) {
        services = new ServerServices(hostname, 262144, authenticator, authorizer, registry, childNodes,
                () -> Optional.of(router), () -> Optional.of(twins), Optional::empty, Clock.systemUTC());
        listener = new AmqpListener("127.0.0.1", port, tls, new ConnectLimits(Duration.ofSeconds(10), 1000), services);
    }

    public int port() {
        return listener.port();
    }

    /** Whether a link of the identity's own address is open (not a node's stream carrying its messages). */
    public boolean hasOwnLink(IdentityId client) {
        return services.links.hasOpenLink(client);
    }

    public boolean isConnected(IdentityId client) {
        return listener.isConnected(client);
    }

    public MethodResult invokeMethod(IdentityId target, String method, String payload, Duration timeout) {
        return listener.invokeMethod(target, method, payload, timeout);
    }

    public void sendToDevice(IdentityId device, Message message) {
        listener.sendToDevice(device, message);
    }

    public void desiredChanged(DesiredChange change) {
        listener.desiredChanged(change);
    }

    public void identitiesChanged() {
        listener.identitiesChanged();
    }

    @Override
    public void close() {
        listener.close();
    }
}
