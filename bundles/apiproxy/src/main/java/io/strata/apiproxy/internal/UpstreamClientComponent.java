package io.strata.apiproxy.internal;

import io.strata.api.certs.CertificateStore;
import io.strata.api.check.HealthCheck;
import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeSettings;
import io.strata.api.proxy.UpstreamClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@link UpstreamClient} while this node has a parent ({@code parentHostname} in
 * {@code etc/io.strata.node.cfg}), reaching its proxy on {@code parentProxyPort} with the timeouts of
 * {@code etc/io.strata.apiproxy.cfg}; on the top node, or with unusable parent settings, there is none.
 */
@Component(service = {}, immediate = true, configurationPid = {ApiProxyComponent.PID, NodeSettings.PID})
public class UpstreamClientComponent {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamClientComponent.class);

    @Reference
    private CertificateStore certificates;

    private BundleContext context;
    private ServiceRegistration<UpstreamClient> registration;
    private volatile UpstreamClient client;
    private List<ServiceRegistration<HealthCheck>> checks = List.of();

    @Activate
    synchronized void activate(BundleContext context, Map<String, Object> properties, NodeConfiguration node) {
        this.context = context;
        register(properties, node);
        checks = UpstreamChecks.of(() -> Optional.ofNullable(client), Clock.systemUTC()).stream()
                .map(check -> context.registerService(HealthCheck.class, check, null)).toList();
    }

    @Modified
    synchronized void modified(Map<String, Object> properties, NodeConfiguration node) {
        unregister();
        register(properties, node);
    }

    @Deactivate
    synchronized void deactivate() {
        checks.forEach(ServiceRegistration::unregister);
        unregister();
    }

    private void register(Map<String, Object> properties, NodeConfiguration node) {
        ApiProxyConfig config = ValidatedConfiguration.readAtStart(ApiProxyConfig.class, ApiProxyComponent.PID,
                properties, LOG, "The client of the parent's proxy");
        Optional<ParentProxy> parent;
        try {
            parent = ParentProxy.ofThisNode(node, config.parentProxyPort(), certificates);
        } catch (IllegalArgumentException e) {
            LOG.error("This node's services cannot reach the parent: {}", e.getMessage());
            return;
        }
        parent.ifPresent(proxy -> {
            ParentClient client = new ParentClient(proxy, config.connectTimeoutSeconds() * 1000,
                    config.idleTimeoutSeconds() * 1000);
            registration = context.registerService(UpstreamClient.class, client, null);
            this.client = client;
            LOG.info("This node's services reach {}", client);
        });
    }

    private void unregister() {
        client = null;
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
