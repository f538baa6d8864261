package io.strata.apiproxy.internal;

import io.strata.api.certs.CertificateStore;
import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.transport.TunnelledProtocol;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * handed to whichever {@link TunnelledProtocol} registered the subprotocol the client asks for. A
 * changed configuration restarts the listener; one with a bad value is refused whole and the listener
 * keeps running as it was (at start-up a bad value is logged and its key takes the default). A
 * listener that cannot start is logged and the node keeps running without it.
 */
@Component(service = {}, immediate = true, configurationPid = ApiProxyComponent.PID)
public class ApiProxyComponent {

    static final String PID = "io.strata.apiproxy";

    private static final Logger LOG = LoggerFactory.getLogger(ApiProxyComponent.class);

    @Reference
    private CertificateStore certificates;

    private final Map<String, TunnelledProtocol> protocols = new ConcurrentHashMap<>();
    private WebSocketListener listener;

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

    @Activate
    synchronized void activate(Map<String, Object> properties) {
        start(ValidatedConfiguration.readAtStart(ApiProxyConfig.class, PID, properties, LOG, "The API proxy"));
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) {
        ValidatedConfiguration.readChange(ApiProxyConfig.class, PID, properties, LOG, "The API proxy").ifPresent(config -> {
            stop();
            start(config);
        });
    }

    @Deactivate
    synchronized void deactivate() {
        stop();
    }

    private void start(ApiProxyConfig config) {
        if (!config.enabled()) {
            LOG.info("The API proxy is disabled (enabled = false in etc/{}.cfg)", PID);
            return;
        }
        try {
            listener = new WebSocketListener(config.bindAddress(), config.port(), certificates.serverSslContext(),
                    protocols);
        } catch (RuntimeException e) {
            LOG.error("The API proxy cannot start: {}. Fix etc/{}.cfg; the listener starts again when it changes.",
                    e.getMessage(), PID);
            return;
        }
        LOG.info("API proxy listening with TLS on {}:{}: MQTT and AMQP over WebSockets on {}", config.bindAddress(),
                listener.port(), WebSocketListener.PATH);
    }

    private void stop() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }
}
