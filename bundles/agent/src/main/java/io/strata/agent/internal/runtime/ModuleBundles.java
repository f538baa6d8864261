package io.strata.agent.internal.runtime;

import java.util.Map;
import java.util.Set;

/**
 * Which bundles run each module's code, so that what those bundles log can be told apart: the
 * modules of the applied deployment, and the system modules under IoT Edge's names,
 * {@value #EDGE_AGENT} (the agent's bundle) and {@value #EDGE_HUB} (the node's other Strata
 * bundles). Modules that are configurations of shared code share its bundles.
 */
public interface ModuleBundles {

    String EDGE_AGENT = "edgeAgent";
    String EDGE_HUB = "edgeHub";

    /** Bundle symbolic names by module name, in the deployment's order after the system modules. */
    Map<String, Set<String>> symbolicNames();
}
