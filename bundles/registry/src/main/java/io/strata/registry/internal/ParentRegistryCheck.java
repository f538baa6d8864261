package io.strata.registry.internal;

import io.strata.api.check.CheckResult;
import io.strata.api.check.HealthCheck;
import io.strata.api.proxy.UpstreamClient;
import io.strata.api.proxy.UpstreamResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Whether the parent's proxy serves the registry to this node: what a connected registry, and so
 * this node's resolver, needs to install what is not cached here. The seeds run {@code iotedge check}
 * on a lower layer for exactly this.
 */
@Component
public class ParentRegistryCheck implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UpstreamClient parent;

    @Override
    public String group() {
        return CONNECTIVITY;
    }

    @Override
    public String id() {
        return "parent-registry";
    }

    @Override
    public String description() {
        return "parent's proxy serves the artifact registry";
    }

    @Override
    public CheckResult check() {
        UpstreamClient client = parent;
        if (client == null) {
            return CheckResult.skipped("no parent: this registry fetches from its remotes only");
        }
        try (UpstreamResponse response = client.open("GET", RegistryComponent.PATH)) {
            String body = new String(response.body().readNBytes(4096), StandardCharsets.UTF_8).strip();
            if (response.status() == 200) {
                return CheckResult.ok(client + " answered " + RegistryComponent.PATH + ": " + body);
            }
            return CheckResult.error(client + " answered " + RegistryComponent.PATH + " with " + response.status()
                    + ": " + body, "feature:install strata-registry on the parent and every node above it, and "
                            + "let their localRoutes include " + RegistryComponent.PATH);
        } catch (IOException e) {
            return CheckResult.error("cannot reach " + client + ": " + e.getMessage(),
                    "edge:check's parent-proxy line says more");
        }
    }
}
