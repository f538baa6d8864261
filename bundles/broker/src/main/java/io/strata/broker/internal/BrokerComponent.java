package io.strata.broker.internal;

import io.strata.api.certs.CertificateStore;
import io.strata.api.check.HealthCheck;
import io.strata.api.check.ListenerCheck;
import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.identity.Authenticator;
import io.strata.api.identity.Authorizer;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityListener;
import io.strata.api.message.Message;
import io.strata.api.module.ClientConnections;
import io.strata.api.module.ClientTransport;
import io.strata.api.module.MethodResult;
import io.strata.api.node.ChildNodes;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import io.strata.api.routing.Router;
import io.strata.api.transport.TunnelledProtocol;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.TwinListener;
import io.strata.api.twin.TwinService;
import io.strata.broker.internal.moquette.BrokerSettings;
import io.strata.broker.internal.moquette.ChildNodeSubscriptions;
import io.strata.broker.internal.moquette.IotHubAuthenticator;
import io.strata.broker.internal.moquette.IotHubAuthorizer;
import io.strata.broker.internal.moquette.IotHubRequestInterceptor;
import io.strata.broker.internal.moquette.ModuleInputSubscriptions;
import io.strata.broker.internal.moquette.MoquetteBroker;
import io.strata.broker.internal.topics.ChildNodeSessions;
import io.strata.broker.internal.topics.MethodInvocations;
import io.strata.broker.internal.topics.NodePublishes;
import io.strata.broker.internal.topics.TelemetryPublishes;
import io.strata.broker.internal.topics.TwinRequests;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the edge hub's MQTT broker from {@code etc/io.strata.broker.cfg} and the node's hostname. A
 * change of either restarts the broker, not the component, so ports change while Karaf runs; a change of
 * another node setting leaves the broker and its clients' connections alone. A
 * changed configuration with a bad value is refused whole, and the broker keeps running as it was; at
 * start-up a bad value is logged and its key takes the default. A broker that cannot start (a port in
 * use, say) is logged, and tried again at the next change.
 *
 * <p>It is the edge hub's MQTT {@link ClientTransport}: it hands telemetry to the router, serves twins,
 * and carries module inputs, direct methods and cloud-to-device messages to the clients connected
 * over MQTT; it forwards them the desired changes it hears of as a {@link TwinListener}. It reports
 * its clients' connections to the edge hub's {@link ClientConnections} while that runs.
 *
 * <p>It also serves child nodes connected over MQTT ({@link ChildNodeSessions}): their subtree's
 * identities and desired sections go down as they change ({@link IdentityListener}, {@link TwinListener}),
 * and methods and cloud-to-device messages for their subtree go through them.
 */
@Component(service = {ClientTransport.class, TwinListener.class, IdentityListener.class}, immediate = true,
        configurationPid = {BrokerComponent.PID, NodeSettings.PID})
public class BrokerComponent implements ClientTransport, TwinListener, IdentityListener {

    static final String PID = "io.strata.broker";
    /** The WebSocket subprotocol of MQTT 3.1.1, which the Azure IoT SDKs' MQTT_WS asks for. */
    static final String MQTT_SUBPROTOCOL = "mqtt";

    private static final Logger LOG = LoggerFactory.getLogger(BrokerComponent.class);

    @Reference
    private CertificateStore certificates;

    @Reference
    private Authenticator authenticator;

    @Reference
    private Authorizer authorizer;

    // Telemetry waits for the router: without one the broker does not acknowledge it (TelemetryPublishes).
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Router router;

    // Optional: the broker runs without twins, and answers twin requests with 503 meanwhile.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TwinService twins;

    // Optional: without it the broker serves no child nodes.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ChildNodes childNodes;

    // Optional: the broker serves its clients without the edge hub's bookkeeping of them.
    private volatile ClientConnections connections;

    private volatile MoquetteBroker broker;
    private final TwinRequests twinRequests = new TwinRequests(() -> Optional.ofNullable(twins), this::publishToClient);
    private final ChildNodeSessions nodeSessions =
            new ChildNodeSessions(() -> Optional.ofNullable(broker), () -> Optional.ofNullable(childNodes));
    private final MethodInvocations methods = new MethodInvocations(this::publishToClient, nodeSessions::carrierOf);

    private BundleContext context;
    private ServiceRegistration<TunnelledProtocol> webSockets;
    private ServiceRegistration<HealthCheck> listenerCheck;
    private volatile ListenerCheck.Address tlsListener;
    private Listening inForce;

    @Activate
    synchronized void activate(BundleContext context, Map<String, Object> properties, NodeConfiguration node) {
        this.context = context;
        start(ValidatedConfiguration.readAtStart(BrokerConfig.class, PID, properties, LOG, "The MQTT broker"), node);
        listenerCheck = context.registerService(HealthCheck.class, new ListenerCheck("MQTT over TLS",
                "etc/" + PID + ".cfg", () -> Optional.of(tlsListener)), null);
    }

    @Modified
    synchronized void modified(Map<String, Object> properties, NodeConfiguration node) {
        ValidatedConfiguration.readChange(BrokerConfig.class, PID, properties, LOG, "The MQTT broker").ifPresent(config -> {
            // a node setting the broker does not use (the parent's, say) leaves its clients connected
            if (broker == null || !inForce.equals(Listening.of(config, node))) {
                stop();
                start(config, node);
            }
        });
    }

    @Deactivate
    synchronized void deactivate() {
        listenerCheck.unregister();
        stop();
        nodeSessions.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindConnections(ClientConnections connections) {
        this.connections = connections;
        MoquetteBroker running = broker;
        if (running != null) {
            running.reportConnectedClients(connections);
        }
    }

    void unbindConnections(ClientConnections connections) {
        if (this.connections == connections) {
            this.connections = null;
        }
    }

    /** Connected itself, or through the child node whose subtree holds it. */
    @Override
    public boolean isConnected(IdentityId client) {
        MoquetteBroker running = broker;
        return running != null && (running.isConnected(client) || nodeSessions.carrierOf(client).isPresent());
    }

    @Override
    public boolean listensForInputs(IdentityId module) {
        MoquetteBroker running = broker;
        return running != null && running.listensForInputs(module);
    }

    @Override
    public CompletionStage<Void> deliverToInput(IdentityId module, String input, Message message) {
        return running().deliverToModuleInput(module, input, message);
    }

    /** See {@link MoquetteBroker#MAX_INPUTS_IN_FLIGHT}. */
    @Override
    public int maxInFlight(IdentityId module) {
        return MoquetteBroker.MAX_INPUTS_IN_FLIGHT;
    }

    @Override
    public MethodResult invokeMethod(IdentityId target, String methodName, String payload, Duration timeout) {
        return methods.invoke(target, methodName, payload, timeout);
    }

    @Override
    public void sendToDevice(IdentityId device, Message message) {
        MoquetteBroker running = running();
        Optional<String> node = nodeSessions.carrierOf(device);
        if (node.isPresent()) {
            nodeSessions.sendToDevice(node.get(), device, message);
        } else {
            running.deliverToDevice(device, message);
        }
    }

    private MoquetteBroker running() {
        MoquetteBroker running = broker;
        if (running == null) {
            throw new IllegalStateException("The MQTT broker is not running: see the log, and etc/" + PID + ".cfg");
        }
        return running;
    }

    @Override
    public void desiredChanged(DesiredChange change) {
        twinRequests.desiredChanged(change);
        nodeSessions.desiredChanged(change.identity());
    }

    @Override
    public void identityChanged(IdentityId id, Optional<Identity> current) {
        MoquetteBroker running = broker;
        if (running != null) {
            running.checkCredentials();
        }
        nodeSessions.identitiesChanged();
    }

    private CompletionStage<Boolean> publishToClient(IdentityId client, String topic, byte[] body) {
        MoquetteBroker running = broker;
        return running == null ? CompletableFuture.completedFuture(false) : running.publish(client, topic, body);
    }

    /** What the running broker was started with. */
    private record Listening(BrokerSettings settings, String hostname) {
        static Listening of(BrokerConfig config, NodeConfiguration node) {
            return new Listening(BrokerSettings.of(config, Path.of(System.getProperty("karaf.data", "data"))),
                    NodeNames.of(node).hostname());
        }
    }

    private void start(BrokerConfig config, NodeConfiguration node) {
        inForce = Listening.of(config, node);
        BrokerSettings settings = inForce.settings();
        tlsListener = new ListenerCheck.Address(settings.bindAddress(), settings.tlsPort());
        String hostname = inForce.hostname();
        try {
            broker = new MoquetteBroker(settings, certificates.serverSslContext(), certificates.clientSslContext(),
                    new IotHubAuthenticator(hostname, authenticator, authorizer),
                    new IotHubAuthorizer(authorizer),
                    List.of(new TelemetryPublishes(authorizer, () -> Optional.ofNullable(router),
                                    settings.maxMessageBytes(), Clock.systemUTC()),
                            new NodePublishes(authorizer, () -> Optional.ofNullable(childNodes), methods)),
                    List.of(new IotHubRequestInterceptor(twinRequests, methods), new ChildNodeSubscriptions(nodeSessions),
                            new ModuleInputSubscriptions(() -> Optional.ofNullable(router))),
                    () -> Optional.ofNullable(connections));
        } catch (IOException | RuntimeException e) {
            LOG.error("The MQTT broker cannot start: {}. Fix etc/{}.cfg; the broker starts again when it changes.",
                    e.getMessage(), PID, e);
            return;
        }
        webSockets = context.registerService(TunnelledProtocol.class, broker.webSockets(),
                new Hashtable<>(Map.of(TunnelledProtocol.SUBPROTOCOL, MQTT_SUBPROTOCOL)));
        LOG.info("MQTT broker for {} listening with TLS on {}:{}{}", hostname, settings.bindAddress(),
                settings.tlsPort(), settings.plainListenerEnabled()
                        ? ", and plain on 127.0.0.1:" + settings.plainPort() : "");
    }

    private void stop() {
        if (webSockets != null) {
            webSockets.unregister();
            webSockets = null;
        }
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }
}
