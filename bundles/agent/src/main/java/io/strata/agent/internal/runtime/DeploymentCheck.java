package io.strata.agent.internal.runtime;

import io.strata.api.agent.DeploymentStatus;
import io.strata.api.agent.EdgeAgent;
import io.strata.api.check.CheckResult;
import io.strata.api.check.HealthCheck;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The last deployment the agent received was applied; present where the agent runs. */
@Component
public class DeploymentCheck implements HealthCheck {

    private final EdgeAgent agent;

    @Activate
    public DeploymentCheck(@Reference EdgeAgent agent) {
        this.agent = agent;
    }

    @Override
    public String group() {
        return CONFIGURATION;
    }

    @Override
    public String id() {
        return "deployment";
    }

    @Override
    public String description() {
        return "the last deployment was applied";
    }

    @Override
    public CheckResult check() {
        DeploymentStatus status = agent.deployment();
        if (status.isSuccess()) {
            return CheckResult.ok(status.appliedVersion() == 0 ? "no deployment received yet"
                    : "version " + status.appliedVersion() + " applied");
        }
        return CheckResult.error("version " + status.desiredVersion() + ": " + status.code() + " "
                + status.description() + " (version " + status.appliedVersion() + " still runs)",
                "fix the manifest and deploy it again; edge:deployment shows it");
    }
}
