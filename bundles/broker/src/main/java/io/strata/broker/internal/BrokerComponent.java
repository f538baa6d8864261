package io.strata.broker.internal;

import io.strata.api.certs.CertificateStore;
import io.strata.api.identity.Authenticator;
import io.strata.api.identity.Authorizer;
import io.strata.api.node.NodeSettings;
import io.strata.api.routing.Router;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
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
 * changed configuration restarts the broker, not the component, so ports change while Karaf runs. A
 * broker that cannot start (a port in use, say) is logged, and tried again at the next change.
 */
@Component(configurationPid = {BrokerComponent.PID, NodeSettings.PID})
public class BrokerComponent {

    static final String PID = "io.strata.broker";

    private static final Logger LOG = LoggerFactory.getLogger(BrokerComponent.class);

    @Reference
    private CertificateStore certificates;

    @Reference
    private Authenticator authenticator;

    @Reference
    private Authorizer authorizer;

    // Telemetry waits for the router: without one the broker does not acknowledge it (IotHubAuthorizer).
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Router router;

    private MoquetteBroker broker;

    @Activate
    synchronized void activate(BrokerConfig config, Map<String, Object> properties) {
        start(config, properties);
    }

    @Modified
    synchronized void modified(BrokerConfig config, Map<String, Object> properties) {
        stop();
        start(config, properties);
    }

    @Deactivate
    synchronized void deactivate() {
        stop();
    }

    private void start(BrokerConfig config, Map<String, Object> properties) {
        BrokerSettings settings = BrokerSettings.of(config, Path.of(System.getProperty("karaf.data", "data")));
        String hostname = NodeSettings.hostname(properties.get(NodeSettings.HOSTNAME));
        try {
            broker = new MoquetteBroker(settings, certificates.serverSslContext(), certificates.clientSslContext(),
                    new IotHubAuthenticator(hostname, authenticator, authorizer),
                    new IotHubAuthorizer(authorizer, () -> router != null),
                    new TelemetryInterceptor(() -> Optional.ofNullable(router), settings.maxMessageBytes(),
                            Clock.systemUTC()));
        } catch (IOException | RuntimeException e) {
            LOG.error("The MQTT broker cannot start: {}. Fix etc/{}.cfg; the broker starts again when it changes.",
                    e.getMessage(), PID, e);
            return;
        }
        LOG.info("MQTT broker for {} listening with TLS on {}:{}{}", hostname, settings.bindAddress(),
                settings.tlsPort(), settings.plainListenerEnabled()
                        ? ", and plain on 127.0.0.1:" + settings.plainPort() : "");
    }

    private void stop() {
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }
}
