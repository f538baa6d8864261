package io.strata.shell.internal.agent;

import io.strata.api.agent.DeploymentStatus;
import io.strata.api.agent.EdgeAgent;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** The outcome of the last desired properties and the manifest the modules run from. */
@Command(scope = "edge", name = "deployment", description = "Shows the last deployment's status and the applied $edgeAgent manifest")
@Service
public class DeploymentCommand extends AgentCommand {

    @Override
    void run(EdgeAgent agent) {
        DeploymentStatus status = agent.deployment();
        System.out.println("Last desired version: " + status.desiredVersion());
        System.out.println("Status:               " + status.code() + " " + status.description());
        System.out.println("Applied version:      " + status.appliedVersion());
        System.out.println(status.appliedManifest());
    }
}
