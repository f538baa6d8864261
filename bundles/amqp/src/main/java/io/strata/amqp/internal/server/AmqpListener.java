package io.strata.amqp.internal.server;

import io.strata.amqp.internal.engine.AmqpServer;
import io.strata.amqp.internal.engine.ConnectLimits;
import io.strata.amqp.internal.protocol.LinkAddress.Endpoint;
import io.strata.amqp.internal.protocol.MessageMapping;
import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import io.strata.api.message.Message;
import io.strata.api.module.MethodResult;
import io.strata.api.routing.MessageRejectedException;
import io.strata.api.twin.DesiredChange;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLContext;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running AMQP listener and what the edge hub asks of it as a transport: module inputs, direct
 * methods and cloud-to-device messages to the clients connected to it, directly or through the node
 * links of the edge device above them.
 */
final class AmqpListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpListener.class);

    private final ServerServices services;
    private final TwinLinks twinLinks;
    private final NodeLinks nodeLinks;
    private final AmqpServer server;

    AmqpListener(String bindAddress, int port, SSLContext tls, ConnectLimits limits, ServerServices services) {
        this.services = services;
        this.twinLinks = new TwinLinks(services);
        this.nodeLinks = new NodeLinks(services);
        TelemetryLinks telemetry = new TelemetryLinks(services);
        this.server = AmqpServer.start(bindAddress, port, tls, limits,
                () -> new ServerConnection(services, telemetry, twinLinks, nodeLinks));
    }

    int port() {
        return server.port();
    }

    boolean isConnected(IdentityId client) {
        return services.links.hasOpenLink(client) || nodeLink(Endpoint.NODE_METHODS, client).isPresent()
                || nodeLink(Endpoint.NODE_C2D, client).isPresent();
    }

    boolean listensForInputs(IdentityId module) {
        return services.links.find(module, Endpoint.EVENTS).isPresent();
    }

    CompletionStage<Void> deliverToInput(IdentityId module, String input, Message message) {
        Optional<OutboundLink> link = services.links.find(module, Endpoint.EVENTS);
        if (link.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    module + " does not receive its inputs over AMQP now"));
        }
        return link.get().send(MessageMapping.encode(message.toBuilder().inputName(input).build()))
                .thenApply(state -> {
                    if (state instanceof Accepted) {
                        return null;
                    }
                    String reason = state instanceof Rejected rejected && rejected.getError() != null
                            ? rejected.getError().getDescription() : String.valueOf(state);
                    throw new MessageRejectedException(module + " did not accept the message on input " + input
                            + ": " + reason);
                });
    }

    MethodResult invokeMethod(IdentityId target, String methodName, String payload, Duration timeout) {
        Optional<OutboundLink> direct = services.links.find(target, Endpoint.METHODS);
        if (direct.isPresent()) {
            return services.methods.invoke(direct.get(), false, target, methodName, payload, timeout);
        }
        Optional<OutboundLink> node = nodeLink(Endpoint.NODE_METHODS, target);
        if (node.isPresent()) {
            return services.methods.invoke(node.get(), true, target, methodName, payload, timeout);
        }
        return new MethodResult(MethodResult.NOT_FOUND, Json.message(target
                + " does not listen for direct methods over AMQP now"));
    }

    void sendToDevice(IdentityId device, Message message) {
        Optional<OutboundLink> direct = services.links.find(device, Endpoint.DEVICEBOUND);
        Optional<OutboundLink> link = direct.isPresent() ? direct : nodeLink(Endpoint.NODE_C2D, device);
        if (link.isEmpty()) {
            throw new IllegalStateException(device + " does not receive cloud-to-device messages over AMQP now");
        }
        // a child node's link carries the messages of its whole subtree: each names whom it is for
        byte[] encoded = direct.isPresent() ? MessageMapping.encode(message) : MessageMapping.encodeFor(message, device);
        link.get().send(encoded).whenComplete((state, failure) -> {
            if (failure != null || !(state instanceof Accepted)) {
                LOG.warn("Cloud-to-device message for {} not accepted: {}", device,
                        failure != null ? failure.getMessage() : state);
            }
        });
    }

    void desiredChanged(DesiredChange change) {
        twinLinks.desiredChanged(change);
        nodeLinks.desiredChanged(change);
    }

    /**
     * Checks every connection's credentials again, closing what they no longer cover, and sends fresh
     * identity snapshots (debounced) on every identities node link.
     */
    void identitiesChanged() {
        services.connections.forEach(ServerConnection::checkCredentials);
        for (OutboundLink link : services.links.nodeLinks(Endpoint.NODE_IDENTITIES)) {
            link.connection.snapshotDue(link);
        }
    }

    private Optional<OutboundLink> nodeLink(Endpoint endpoint, IdentityId target) {
        return services.links.nodeLinkFor(endpoint,
                link -> services.childNodes.isInSubtree(link.address.identity().deviceId(), target));
    }

    @Override
    public void close() {
        server.close();
    }
}
