package io.strata.shell.internal.agent;

import io.strata.api.agent.EdgeAgent;
import io.strata.api.agent.ModuleStatus;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Restarts one module now, outside its restart policy. */
@Command(scope = "edge", name = "module-restart", description = "Restarts a deployed module (stops and starts its bundles)")
@Service
public class ModuleRestartCommand extends AgentCommand {

    @Argument(index = 0, name = "module", required = true, description = "the module's name in the deployment")
    String module;

    @Override
    void run(EdgeAgent agent) {
        ModuleStatus status = agent.restartModule(module);
        System.out.println(status.name() + ": " + status.runtimeStatus()
                + (status.description().isEmpty() ? "" : " (" + status.description() + ")"));
    }
}
