package io.strata.routing.internal.runtime;

import io.strata.api.check.CheckResult;
import io.strata.api.check.HealthCheck;
import io.strata.api.routing.EndpointStatus;
import io.strata.api.routing.RoutingDiagnostics;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The routes are in force and their endpoints deliver: none is stuck on an error with messages waiting. */
@Component
public class EndpointsCheck implements HealthCheck {

    private final RoutingDiagnostics routing;

    @Activate
    public EndpointsCheck(@Reference RoutingDiagnostics routing) {
        this.routing = routing;
    }

    @Override
    public String group() {
        return CONFIGURATION;
    }

    @Override
    public String id() {
        return "routes";
    }

    @Override
    public String description() {
        return "routes are in force and their endpoints deliver";
    }

    @Override
    public CheckResult check() {
        int routes = routing.routes().size();
        List<EndpointStatus> failing = routing.endpoints().stream()
                .filter(endpoint -> endpoint.lastError() != null && endpoint.depth() > 0).toList();
        if (!failing.isEmpty()) {
            EndpointStatus first = failing.get(0);
            return CheckResult.warning(failing.size() + " endpoint(s) failing with messages waiting, e.g. "
                    + first.id() + ": " + first.depth() + " waiting, " + first.lastError(),
                    "edge:queues shows every endpoint; the messages wait until it delivers again");
        }
        return CheckResult.ok(routes + " route(s) in force, " + routing.endpoints().size() + " endpoint(s) delivering");
    }
}
