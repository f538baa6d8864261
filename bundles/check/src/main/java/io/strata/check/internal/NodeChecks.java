package io.strata.check.internal;

import io.strata.api.certs.CertificateStore;
import io.strata.api.check.HealthCheck;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * The checks of the node's own settings and certificates. They are registered here rather than as
 * components of their own so that the node settings, keys included, never become service properties.
 */
@Component(service = {}, immediate = true, configurationPid = NodeSettings.PID)
public class NodeChecks {

    private volatile NodeConfiguration node;
    private final List<ServiceRegistration<HealthCheck>> registrations;

    @Activate
    public NodeChecks(NodeConfiguration node, @Reference CertificateStore certificates, BundleContext context) {
        this.node = node;
        Supplier<NodeConfiguration> settings = () -> this.node;
        Supplier<String> hostname = () -> NodeNames.of(this.node).hostname();
        registrations = List.of(
                new HostnameCheck(settings, InetAddress::getByName),
                new ServerCertificateCheck(certificates, hostname),
                new CertificateExpiryCheck(certificates, Clock.systemUTC()),
                new DevelopmentChainCheck(certificates))
                .stream().map(check -> context.registerService(HealthCheck.class, check, null)).toList();
    }

    @Modified
    void modified(NodeConfiguration node) {
        this.node = node;
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
    }
}
