package io.strata.broker.internal.moquette;

import io.moquette.broker.Server;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.interception.InterceptHandler;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.ssl.SslContext;
import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.module.ClientConnections;
import io.strata.api.transport.LoopbackTlsRelay;
import io.strata.api.transport.TunnelledProtocol;
import io.strata.broker.internal.topics.ClientSessions;
import io.strata.broker.internal.topics.DeliveryTopics;
import io.strata.broker.internal.topics.InboundPublishes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Moquette server with its TLS listener, and the loopback plain listener when enabled.
 * Security and interception are handed over as instances, since Moquette would load class names
 * through its own class loader, which cannot see this bundle.
 */
public final class MoquetteBroker implements ClientSessions {

    private static final Logger LOG = LoggerFactory.getLogger(MoquetteBroker.class);

    /** Moquette's client id for what the edge hub publishes itself. */
    private static final String EDGE_HUB_CLIENT_ID = "$edgeHub";
    private static final Duration SESSION_ANSWER_TIMEOUT = Duration.ofSeconds(1);
    /**
     * How many deliveries to a module's inputs may wait for their PUBACKs at once. Far below the packet-id
     * limit on purpose: MQTT 3.1.1 has no receive maximum, so a module that handles its messages slowly must
     * still acknowledge the whole window within the delivery timeout, or the tail of it times out and comes
     * again; and the router walks past what is in flight each time it refills the window.
     */
    public static final int MAX_INPUTS_IN_FLIGHT = 1024;

    private final Server server = new Server();
    private final LoopbackPlainListener plainListener;
    private final LoopbackTlsRelay webSockets;
    private final SessionDelivery sessions;
    private final ConnectedClients clients;

    /**
     * Starts the listeners; on failure (a port in use, say) nothing is left running.
     *
     * @param serverTls the TLS listener's context
     * @param clientTls a context trusting the TLS listener's certificate, for the plain listener's and
     *                  the WebSocket listener's relays
     * @param taken     the publishes the edge hub takes before Moquette, telemetry first
     * @param connections where client connections are reported, while there is one
     */
    public MoquetteBroker(BrokerSettings settings, SSLContext serverTls, SSLContext clientTls, IotHubAuthenticator authenticator,
            IAuthorizatorPolicy authorizer, List<InboundPublishes> taken, List<InterceptHandler> interceptors,
            Supplier<Optional<ClientConnections>> connections) throws IOException {
        SslContext listenerTls = new ServerTlsContext(serverTls, settings.tlsPort());
        InetSocketAddress tlsListener = LoopbackTlsRelay.localAddressOf(settings.bindAddress(), settings.tlsPort());
        clients = new ConnectedClients(connections);
        try {
            server.startServer(settings.toMoquetteConfig(), interceptors, () -> listenerTls, authenticator,
                    authorizer);
            sessions = new SessionDelivery(server);
            ClientPipeline.install(server, clients, new ConnectingClients(settings.maxUnauthenticatedConnections()),
                    authenticator, Duration.ofSeconds(settings.connectTimeoutSeconds()), taken, sessions);
            plainListener = settings.plainListenerEnabled()
                    ? new LoopbackPlainListener(settings.plainPort(), tlsListener, clientTls) : null;
            webSockets = new LoopbackTlsRelay("mqtt-ws", tlsListener, clientTls);
        } catch (IOException | RuntimeException e) {
            try {
                server.stopServer();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Tells connections that arrived while the broker ran of the clients connected already. */
    public void reportConnectedClients(ClientConnections connections) {
        clients.reportAll(connections);
    }

    @Override
    public boolean isConnected(IdentityId client) {
        return clients.get(client.toString()).isPresent();
    }

    /** Checks every connected client's credentials again: identities changed. */
    public void checkCredentials() {
        clients.checkCredentials();
    }

    @Override
    public void markChildNode(String clientId) {
        clients.markChildNode(clientId);
    }

    @Override
    public List<String> childNodes() {
        return clients.childNodes();
    }

    /**
     * Whether the module is connected and subscribed to its inputs; waits briefly only while the
     * subscriptions of the session it resumed are read.
     */
    public boolean listensForInputs(IdentityId module) {
        Optional<ClientChannel> channel = clients.get(module.toString());
        if (channel.isEmpty()) {
            return false;
        }
        try {
            return channel.get().subscriptions().whenKnown().toCompletableFuture()
                    .get(SESSION_ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .qosFor(DeliveryTopics.anyInput(module)).isPresent();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * Delivers a routed message to a module's input over its connection; completes when the module
     * acknowledged it, fails when the module is not connected and subscribed, or does not acknowledge.
     */
    public CompletableFuture<Void> deliverToModuleInput(IdentityId module, String input, Message message) {
        String topic = DeliveryTopics.moduleInput(module, input, message);
        Optional<ClientChannel> channel = clients.get(module.toString());
        if (channel.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(module + " is not connected"));
        }
        return channel.get().subscriptions().whenKnown().toCompletableFuture().thenCompose(known -> known
                .qosFor(topic)
                .map(subscribed -> channel.get().publish(topic, message.body(), subscribed))
                .orElseGet(() -> CompletableFuture.failedFuture(new IllegalStateException(
                        module + " is not subscribed to " + DeliveryTopics.anyInput(module)))));
    }

    /** Delivers a cloud-to-device message to a device. */
    public void deliverToDevice(IdentityId device, Message message) {
        internalPublish(DeliveryTopics.cloudToDevice(device, message), message);
    }

    /** Publishes to one client alone, if it is connected and subscribed to the topic. */
    @Override
    public CompletableFuture<Boolean> publish(IdentityId client, String topic, byte[] body) {
        return sessions.publish(client.toString(), topic, body);
    }

    /** MQTT over WebSockets: the WebSocket listener's connections, relayed into the TLS listener. */
    public TunnelledProtocol webSockets() {
        return webSockets;
    }

    public void stop() {
        webSockets.close();
        try {
            if (plainListener != null) {
                plainListener.close();
            }
        } catch (IOException e) {
            LOG.warn("Plain MQTT listener did not close cleanly: {}", e.getMessage());
        } finally {
            AcceptorShutdown.withoutQuietPeriod(server);
            server.stopServer();
        }
    }

    private void internalPublish(String topic, Message message) {
        MqttPublishMessage publish = MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(MqttQoS.AT_LEAST_ONCE)
                .retained(false)
                .payload(Unpooled.wrappedBuffer(message.body()))
                .build();
        server.internalPublish(publish, EDGE_HUB_CLIENT_ID);
    }
}
