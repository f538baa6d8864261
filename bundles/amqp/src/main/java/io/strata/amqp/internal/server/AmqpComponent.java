package io.strata.amqp.internal.server;

import io.strata.amqp.internal.engine.ConnectLimits;
import io.strata.api.certs.CertificateStore;
import io.strata.api.check.HealthCheck;
import io.strata.api.check.ListenerCheck;
import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.identity.Authenticator;
import io.strata.api.identity.Authorizer;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityListener;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.json.Json;
import io.strata.api.message.Message;
import io.strata.api.module.ClientConnections;
import io.strata.api.module.ClientTransport;
import io.strata.api.module.MethodResult;
import io.strata.api.node.ChildNodes;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import io.strata.api.routing.Router;
import io.strata.api.transport.LoopbackTlsRelay;
import io.strata.api.transport.TunnelledProtocol;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.TwinListener;
import io.strata.api.twin.TwinService;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
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
 * Runs the edge hub's AMQP 1.0 listener from {@code etc/io.strata.amqp.cfg} and the node's
 * hostname. A change of either restarts the listener, not the component; a change of another node
 * setting leaves it and its connections alone. A listener that cannot start (a port in use, say) is
 * logged, and tried again at the next change.
 *
 * <p>It is the edge hub's AMQP {@link ClientTransport}, forwards desired changes to subscribed
 * clients and child nodes as a {@link TwinListener}, and sends child nodes fresh identity snapshots
 * as an {@link IdentityListener}.
 */
@Component(service = {ClientTransport.class, TwinListener.class, IdentityListener.class}, immediate = true,
        configurationPid = {AmqpComponent.PID, NodeSettings.PID}, property = "transport=amqp")
public class AmqpComponent implements ClientTransport, TwinListener, IdentityListener {

    static final String PID = "io.strata.amqp";
    /** The WebSocket subprotocol of AMQP 1.0, which the Azure IoT SDKs' AMQPS_WS asks for. */
    static final String AMQP_SUBPROTOCOL = "AMQPWSB10";

    private static final Logger LOG = LoggerFactory.getLogger(AmqpComponent.class);

    @Reference
    private CertificateStore certificates;

    @Reference
    private Authenticator authenticator;

    @Reference
    private Authorizer authorizer;

    @Reference
    private IdentityRegistry registry;

    // What the node links of child nodes carry: their subtrees' identities and twin sections.
    @Reference
    private ChildNodes childNodes;

    // Telemetry waits for the router: without one, deliveries are rejected and the client resends.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Router router;

    // Optional: without twins, twin requests are answered 503.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TwinService twins;

    // Optional: the edge hub records who is connected; the listener works without it.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ClientConnections clientConnections;

    private volatile AmqpListener listener;
    private Settings inForce;
    private String listening = "";

    private BundleContext context;
    private ServiceRegistration<HealthCheck> listenerCheck;
    // empty while the listener is disabled
    private volatile Optional<ListenerCheck.Address> configuredListener = Optional.empty();
    private LoopbackTlsRelay webSocketRelay;
    private ServiceRegistration<TunnelledProtocol> webSockets;

    @Activate
    synchronized void activate(BundleContext context, Map<String, Object> properties, NodeConfiguration node) {
        this.context = context;
        start(ValidatedConfiguration.readAtStart(AmqpConfig.class, PID, properties, LOG, "The AMQP listener"), node);
        listenerCheck = context.registerService(HealthCheck.class, new ListenerCheck("AMQP over TLS",
                "etc/" + PID + ".cfg", () -> configuredListener), null);
    }

    @Modified
    synchronized void modified(Map<String, Object> properties, NodeConfiguration node) {
        ValidatedConfiguration.readChange(AmqpConfig.class, PID, properties, LOG, "The AMQP listener").ifPresent(config -> {
            // a node setting the listener does not use (the parent's, say) leaves its child nodes' links up
            boolean running = listener != null || !config.enabled();
            if (!running || !new Settings(config, NodeNames.of(node).hostname()).equals(inForce)) {
                stop();
                start(config, node);
            }
        });
    }

    @Deactivate
    synchronized void deactivate() {
        listenerCheck.unregister();
        stop();
    }

    @Override
    public boolean isConnected(IdentityId client) {
        AmqpListener running = listener;
        return running != null && running.isConnected(client);
    }

    @Override
    public boolean listensForInputs(IdentityId module) {
        AmqpListener running = listener;
        return running != null && running.listensForInputs(module);
    }

    @Override
    public CompletionStage<Void> deliverToInput(IdentityId module, String input, Message message) {
        AmqpListener running = listener;
        return running == null ? CompletableFuture.failedFuture(notRunning()) : running.deliverToInput(module, input, message);
    }

    @Override
    public MethodResult invokeMethod(IdentityId target, String methodName, String payload, Duration timeout) {
        AmqpListener running = listener;
        return running == null ? new MethodResult(MethodResult.NOT_FOUND, Json.message(notRunning().getMessage()))
                : running.invokeMethod(target, methodName, payload, timeout);
    }

    @Override
    public void sendToDevice(IdentityId device, Message message) {
        AmqpListener running = listener;
        if (running == null) {
            throw notRunning();
        }
        running.sendToDevice(device, message);
    }

    @Override
    public void desiredChanged(DesiredChange change) {
        AmqpListener running = listener;
        if (running != null) {
            running.desiredChanged(change);
        }
    }

    @Override
    public void identityChanged(IdentityId id, Optional<Identity> current) {
        AmqpListener running = listener;
        if (running != null) {
            running.identitiesChanged();
        }
    }

    private static IllegalStateException notRunning() {
        return new IllegalStateException("The AMQP listener is not running: see the log, and etc/" + PID + ".cfg");
    }

    /** What the listener was last started with. */
    private record Settings(AmqpConfig config, String hostname) {
    }

    private void start(AmqpConfig config, NodeConfiguration node) {
        inForce = new Settings(config, NodeNames.of(node).hostname());
        configuredListener = config.enabled()
                ? Optional.of(new ListenerCheck.Address(config.bindAddress(), config.port())) : Optional.empty();
        if (!config.enabled()) {
            LOG.info("The AMQP listener is disabled (enabled = false in etc/{}.cfg)", PID);
            return;
        }
        String hostname = inForce.hostname();
        ServerServices services = new ServerServices(hostname, config.maxMessageBytes(), authenticator, authorizer,
                registry, childNodes, () -> Optional.ofNullable(router), () -> Optional.ofNullable(twins),
                () -> Optional.ofNullable(clientConnections), Clock.systemUTC());
        try {
            listener = new AmqpListener(config.bindAddress(), config.port(), certificates.serverSslContext(),
                    new ConnectLimits(Duration.ofSeconds(config.connectTimeoutSeconds()),
                            config.maxUnauthenticatedConnections()), services);
            webSocketRelay = new LoopbackTlsRelay("amqp-ws",
                    LoopbackTlsRelay.localAddressOf(config.bindAddress(), listener.port()),
                    certificates.clientSslContext());
        } catch (IOException | RuntimeException e) {
            stop();
            LOG.error("The AMQP listener cannot start: {}. Fix etc/{}.cfg; the listener starts again when it changes.",
                    e.getMessage(), PID, e);
            return;
        }
        webSockets = context.registerService(TunnelledProtocol.class, webSocketRelay,
                new Hashtable<>(Map.of(TunnelledProtocol.SUBPROTOCOL, AMQP_SUBPROTOCOL)));
        listening = config.bindAddress() + ":" + config.port();
        LOG.info("AMQP listener for {} listening with TLS on {}", hostname, listening);
    }

    private void stop() {
        if (webSockets != null) {
            webSockets.unregister();
            webSockets = null;
        }
        if (webSocketRelay != null) {
            webSocketRelay.close();
            webSocketRelay = null;
        }
        if (listener != null) {
            listener.close();
            listener = null;
            LOG.info("AMQP listener on {} stopped", listening);
        }
    }
}
