package io.strata.site.internal;

import io.strata.api.agent.EdgeAgent;
import io.strata.api.certs.CertificateAuthority;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * Offers {@link ConfigBundles} to the {@code edge:config-bundles} command. It reads the node settings, so
 * it registers that service by hand: a component's own service would publish the settings, keys included,
 * as service properties.
 */
@Component(service = {}, immediate = true, configurationPid = NodeSettings.PID)
public class SiteComponent {

    private final BundleContext context;
    private final CertificateAuthority authority;
    private final IdentityRegistry registry;
    private final EdgeAgent agent;
    private ServiceRegistration<ConfigBundles> registration;

    @Activate
    public SiteComponent(NodeConfiguration node, @Reference CertificateAuthority authority,
            @Reference IdentityRegistry registry, @Reference EdgeAgent agent, BundleContext context) {
        this.context = context;
        this.authority = authority;
        this.registry = registry;
        this.agent = agent;
        register(node);
    }

    @Modified
    void modified(NodeConfiguration node) {
        ServiceRegistration<ConfigBundles> previous = registration;
        register(node);
        previous.unregister();
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }

    private void register(NodeConfiguration node) {
        registration = context.registerService(ConfigBundles.class,
                new ConfigBundles(authority, registry, agent, NodeNames.of(node), node.parentHostname()), null);
    }
}
