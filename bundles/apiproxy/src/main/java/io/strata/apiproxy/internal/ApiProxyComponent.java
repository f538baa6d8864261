package io.strata.apiproxy.internal;

import io.strata.api.certs.CertificateStore;
import io.strata.api.check.HealthCheck;
import io.strata.api.check.ListenerCheck;
import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.identity.Authenticator;
import io.strata.api.identity.Authorizer;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeSettings;
import io.strata.api.proxy.ProxyRoute;
import io.strata.api.transport.TunnelledProtocol;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
 * Runs the node's HTTPS port from {@code etc/io.strata.apiproxy.cfg}: MQTT and AMQP over WebSockets,
 * handed to whichever {@link TunnelledProtocol} registered the subprotocol the client asks for; the
 * paths of the local {@link ProxyRoute} services; everything else to the parent's proxy as this node
 * ({@code etc/io.strata.node.cfg}). A changed configuration restarts the listener; one with a bad
 * value is refused whole and the listener keeps running as it was (at start-up a bad value is logged
 * and its key takes the default). A listener that cannot start is logged and the node keeps running
 * without it.
 */
@Component(service = {}, immediate = true, configurationPid = {ApiProxyComponent.PID, NodeSettings.PID})
public class ApiProxyComponent {

    static final String PID = "io.strata.apiproxy";

    private static final Logger LOG = LoggerFactory.getLogger(ApiProxyComponent.class);
    private static final String NAME = "The API proxy";

    @Reference
    private CertificateStore certificates;

    @Reference
    private Authenticator authenticator;

    @Reference
    private Authorizer authorizer;

    private final Map<String, TunnelledProtocol> protocols = new ConcurrentHashMap<>();
    private final Map<String, ProxyRoute> localServices = new ConcurrentHashMap<>();
    private ApiProxyListener listener;
    // empty while the listener is disabled
    private volatile Optional<ListenerCheck.Address> configuredListener = Optional.empty();
    private ServiceRegistration<HealthCheck> listenerCheck;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindProtocol(TunnelledProtocol protocol, Map<String, Object> properties) {
        if (properties.get(TunnelledProtocol.SUBPROTOCOL) instanceof String subprotocol) {
            protocols.put(subprotocol, protocol);
        } else {
            LOG.warn("A tunnelled protocol without a {} property is ignored: {}", TunnelledProtocol.SUBPROTOCOL,
                    protocol);
        }
    }

    void unbindProtocol(TunnelledProtocol protocol, Map<String, Object> properties) {
        if (properties.get(TunnelledProtocol.SUBPROTOCOL) instanceof String subprotocol) {
            protocols.remove(subprotocol, protocol);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindLocalService(ProxyRoute route, Map<String, Object> properties) {
        if (properties.get(ProxyRoute.PATH_PREFIX) instanceof String prefix && prefix.startsWith("/")) {
            localServices.put(prefix, route);
            LOG.info("{} serves {} locally", NAME, prefix);
        } else {
            LOG.warn("A proxy route without a {} property starting with / is ignored: {}", ProxyRoute.PATH_PREFIX,
                    route);
        }
    }

    void unbindLocalService(ProxyRoute route, Map<String, Object> properties) {
        if (properties.get(ProxyRoute.PATH_PREFIX) instanceof String prefix) {
            localServices.remove(prefix, route);
        }
    }

    @Activate
    synchronized void activate(BundleContext context, Map<String, Object> properties, NodeConfiguration node) {
        listenerCheck = context.registerService(HealthCheck.class, new ListenerCheck("HTTPS (API proxy)",
                "etc/" + PID + ".cfg", () -> configuredListener), null);
        ApiProxyConfig config = ValidatedConfiguration.readAtStart(ApiProxyConfig.class, PID, properties, LOG, NAME);
        Routes routes;
        try {
            routes = Routes.of(config.localRoutes(), config.upstreamRoutes());
        } catch (IllegalArgumentException e) {
            LOG.error("etc/{}.cfg: {}. {} starts with the defaults of these keys.", PID, e.getMessage(), NAME);
            routes = Routes.of("*", "/");
        }
        start(config, routes, node);
    }

    @Modified
    synchronized void modified(Map<String, Object> properties, NodeConfiguration node) {
        ValidatedConfiguration.readChange(ApiProxyConfig.class, PID, properties, LOG, NAME).ifPresent(config -> {
            Routes routes;
            try {
                routes = Routes.of(config.localRoutes(), config.upstreamRoutes());
            } catch (IllegalArgumentException e) {
                LOG.error("etc/{}.cfg: {}. {} keeps its previous settings.", PID, e.getMessage(), NAME);
                return;
            }
            stop();
            start(config, routes, node);
        });
    }

    @Deactivate
    synchronized void deactivate() {
        listenerCheck.unregister();
        stop();
    }

    private void start(ApiProxyConfig config, Routes routes, NodeConfiguration node) {
        configuredListener = config.enabled()
                ? Optional.of(new ListenerCheck.Address(config.bindAddress(), config.port())) : Optional.empty();
        if (!config.enabled()) {
            LOG.info("{} is disabled (enabled = false in etc/{}.cfg)", NAME, PID);
            return;
        }
        Optional<ParentProxy> parent = Optional.empty();
        String parentProblem = null;
        try {
            parent = ParentProxy.ofThisNode(node, config.parentProxyPort(), certificates);
        } catch (IllegalArgumentException e) {
            parentProblem = e.getMessage();
            LOG.error("{} forwards nothing to the parent: {}", NAME, parentProblem);
        }
        ProxySettings settings = new ProxySettings(routes, localServices, protocols, parent, parentProblem,
                new ClientAuthentication(authenticator, authorizer), config.maxBodyBytes(),
                config.connectTimeoutSeconds() * 1000, config.idleTimeoutSeconds());
        try {
            listener = new ApiProxyListener(config.bindAddress(), config.port(), certificates.serverSslContext(),
                    settings);
        } catch (RuntimeException e) {
            LOG.error("{} cannot start: {}. Fix etc/{}.cfg; the listener starts again when it changes.", NAME,
                    e.getMessage(), PID);
            return;
        }
        LOG.info("API proxy listening with TLS on {}:{}: MQTT and AMQP over WebSockets on {}, local services on {}, "
                + "upstream {} to {}", config.bindAddress(), listener.port(), ApiProxyListener.WEBSOCKET_PATH,
                routes.local() == null ? "their paths" : routes.local(), routes.upstream(),
                parent.map(Object::toString).orElse("no parent"));
    }

    private void stop() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }
}
