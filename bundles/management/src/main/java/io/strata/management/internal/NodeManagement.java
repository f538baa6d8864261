package io.strata.management.internal;

import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import io.strata.api.node.UpstreamLink;
import io.strata.api.node.UpstreamStatus;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The node MBean. It is registered by hand, not as this component's service, so that the node
 * settings (keys included) never become properties of a service.
 */
@Component(service = {}, immediate = true, configurationPid = NodeSettings.PID)
public class NodeManagement implements NodeMXBean {

    private static final String NONE = "NONE";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UpstreamLink upstream;

    private volatile NodeConfiguration node;
    private ManagedBean bean;

    @Activate
    void activate(BundleContext context, NodeConfiguration node) {
        this.node = node;
        bean = ManagedBean.register(context, "node", NodeMXBean.class, this);
    }

    @Modified
    void modified(NodeConfiguration node) {
        this.node = node;
    }

    @Deactivate
    void deactivate() {
        bean.unregister();
    }

    @Override
    public String getHostname() {
        return NodeNames.of(node).hostname();
    }

    @Override
    public String getDeviceId() {
        return NodeNames.of(node).deviceId();
    }

    @Override
    public String getParentHostname() {
        return node.parentHostname().trim();
    }

    @Override
    public String getRole() {
        return getParentHostname().isEmpty() ? "top" : "child";
    }

    @Override
    public String getUpstreamState() {
        return status().map(status -> status.state().name()).orElse(NONE);
    }

    @Override
    public String getUpstreamSince() {
        return status().map(status -> status.since().toString()).orElse("");
    }

    @Override
    public String getUpstreamLastError() {
        return status().map(UpstreamStatus::lastError).orElse("");
    }

    private Optional<UpstreamStatus> status() {
        return Optional.ofNullable(upstream).map(UpstreamLink::status);
    }
}
