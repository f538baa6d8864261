package io.strata.shell.internal.agent;

import io.strata.api.agent.EdgeAgent;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** A command that talks to the edge agent. */
abstract class AgentCommand implements Action {

    // Optional: a mandatory reference would hold back every command of this bundle while the agent is not installed.
    @Reference(optional = true)
    EdgeAgent agent;

    @Override
    public final Object execute() throws Exception {
        if (agent == null) {
            throw new IllegalStateException("The edge agent is not running: feature:install strata-agent");
        }
        run(agent);
        return null;
    }

    abstract void run(EdgeAgent agent) throws Exception;
}
