package io.strata.metrics.internal;

import io.strata.api.agent.ModuleStatus;
import io.strata.api.metrics.NodeHealth;
import io.strata.api.module.ClientConnection;
import io.strata.api.routing.EndpointStatus;
import java.time.Instant;
import java.util.Set;

/** Measures this node's {@link NodeHealth} from the services that keep the figures. */
final class HealthProbe {

    /** What the top node reports as its upstream link, which it does not have. */
    static final String NO_UPSTREAM = "NONE";

    /** The agent's runtime statuses of a module that should run and does not. */
    static final Set<String> FAILED_STATUSES = Set.of("failed", "backoff", "unhealthy");

    private HealthProbe() {
    }

    static NodeHealth measure(String deviceId, NodeSources sources, Instant now) {
        long queued = sources.routing().map(routing -> routing.endpoints().stream()
                .mapToLong(EndpointStatus::depth).sum()).orElse(0L);
        long delivered = sources.routing().map(routing -> routing.endpoints().stream()
                .mapToLong(EndpointStatus::delivered).sum()).orElse(0L);
        long unrouted = sources.routing().map(routing -> routing.unrouted().values().stream()
                .mapToLong(Long::longValue).sum()).orElse(0L);
        int connected = sources.connections().map(connections -> (int) connections.clients().stream()
                .filter(ClientConnection::connected).count()).orElse(0);
        int failed = sources.agent().map(agent -> (int) agent.modules().stream().map(ModuleStatus::runtimeStatus)
                .filter(FAILED_STATUSES::contains).count()).orElse(0);
        String upstream = sources.upstream().map(link -> link.status().state().name()).orElse(NO_UPSTREAM);
        return new NodeHealth(deviceId, now, upstream, queued, delivered, unrouted, connected, failed);
    }
}
