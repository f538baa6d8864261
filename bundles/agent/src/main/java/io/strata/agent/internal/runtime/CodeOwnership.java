package io.strata.agent.internal.runtime;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which features, bundles and feature repositories each module uses, and which of them the agent
 * installed itself: code that was there before the agent (a feature the node boots, say) is never
 * removed, and code two modules share stays until the last of them leaves.
 */
final class CodeOwnership {

    private final Map<String, Set<String>> users = new HashMap<>();
    private final Set<String> installedByAgent;

    /** @param installedByAgent the keys the agent installed, as {@link #installedByAgent()} gave them last time */
    CodeOwnership(Set<String> installedByAgent) {
        this.installedByAgent = new HashSet<>(installedByAgent);
    }

    /** Records that a module uses the code. */
    void use(String key, String module) {
        users.computeIfAbsent(key, k -> new HashSet<>()).add(module);
    }

    /** Records that the agent installed the code itself. */
    void installed(String key) {
        installedByAgent.add(key);
    }

    /**
     * Records that a module no longer uses the code.
     *
     * @return whether the code should be removed: the agent installed it and nobody uses it now
     */
    boolean release(String key, String module) {
        Set<String> modules = users.get(key);
        if (modules != null) {
            modules.remove(module);
        }
        if ((modules == null || modules.isEmpty()) && installedByAgent.remove(key)) {
            users.remove(key);
            return true;
        }
        return false;
    }

    Set<String> installedByAgent() {
        return Set.copyOf(installedByAgent);
    }
}
