package io.strata.metrics.internal;

import io.strata.api.agent.EdgeAgent;
import io.strata.api.module.ClientConnections;
import io.strata.api.node.UpstreamLink;
import io.strata.api.routing.RoutingDiagnostics;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The services the figures come from, each while it runs: metrics of a part that is not installed
 * (the agent, the upstream link on the top node) are left out rather than stopping the others.
 */
@Component(service = NodeSources.class)
public class NodeSources {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile RoutingDiagnostics routing;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ClientConnections connections;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile EdgeAgent agent;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile UpstreamLink upstream;

    public NodeSources() {
    }

    /** For tests: the given services, any of them null. */
    NodeSources(RoutingDiagnostics routing, ClientConnections connections, EdgeAgent agent, UpstreamLink upstream) {
        this.routing = routing;
        this.connections = connections;
        this.agent = agent;
        this.upstream = upstream;
    }

    Optional<RoutingDiagnostics> routing() {
        return Optional.ofNullable(routing);
    }

    Optional<ClientConnections> connections() {
        return Optional.ofNullable(connections);
    }

    Optional<EdgeAgent> agent() {
        return Optional.ofNullable(agent);
    }

    Optional<UpstreamLink> upstream() {
        return Optional.ofNullable(upstream);
    }
}
