package io.strata.management.internal;

import io.strata.api.routing.EndpointStatus;
import io.strata.api.routing.RouteStatus;
import io.strata.api.routing.RoutingDiagnostics;
import java.time.Duration;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** The routing MBean, while the router runs. */
@Component(service = {}, immediate = true)
public class RoutingManagement implements RoutingMXBean {

    private final RoutingDiagnostics routing;
    private final ManagedBean bean;

    @Activate
    public RoutingManagement(@Reference RoutingDiagnostics routing, BundleContext context) {
        this.routing = routing;
        this.bean = ManagedBean.register(context, "routing", RoutingMXBean.class, this);
    }

    @Deactivate
    void deactivate() {
        bean.unregister();
    }

    @Override
    public List<Route> getRoutes() {
        return routing.routes().stream().map(RoutingManagement::route).toList();
    }

    @Override
    public List<Endpoint> getEndpoints() {
        return routing.endpoints().stream().map(RoutingManagement::endpoint).toList();
    }

    @Override
    public long getQueuedMessages() {
        return routing.endpoints().stream().mapToLong(EndpointStatus::depth).sum();
    }

    @Override
    public long getUnroutedMessages() {
        return routing.unrouted().values().stream().mapToLong(Long::longValue).sum();
    }

    private static Route route(RouteStatus route) {
        return new Route(route.name(), route.text(), route.priority(),
                route.timeToLive() == null ? -1 : route.timeToLive().toSeconds(), route.matched());
    }

    private static Endpoint endpoint(EndpointStatus endpoint) {
        Duration oldest = endpoint.oldestAge();
        return new Endpoint(endpoint.id(), endpoint.state(), endpoint.depth(), oldest == null ? -1 : oldest.toSeconds(),
                endpoint.delivered(), endpoint.expired(), endpoint.dropped(), endpoint.failures(),
                endpoint.lastError() == null ? "" : endpoint.lastError());
    }
}
