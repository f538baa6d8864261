package io.strata.agent.internal.runtime;

import io.strata.agent.internal.manifest.ModuleSpec;
import io.strata.agent.internal.manifest.ModuleType;
import io.strata.agent.internal.manifest.RestartPolicy;
import java.util.Map;

/** Module specifications for tests. */
final class Modules {

    private Modules() {
    }

    static ModuleSpec module(String name, String version, long order) {
        return new ModuleSpec(name, ModuleType.BUNDLE, version, true, RestartPolicy.ALWAYS, null, null,
                "mvn:io.example/" + name + "/" + version, null, Map.of(), order);
    }

    static ModuleSpec withEnv(ModuleSpec module, Map<String, String> env) {
        return new ModuleSpec(module.name(), module.type(), module.version(), module.running(), module.restartPolicy(),
                module.repository(), module.feature(), module.location(), module.configurationPid(), env,
                module.startupOrder());
    }

    static ModuleSpec withRunning(ModuleSpec module, boolean running) {
        return new ModuleSpec(module.name(), module.type(), module.version(), running, module.restartPolicy(),
                module.repository(), module.feature(), module.location(), module.configurationPid(), module.env(),
                module.startupOrder());
    }

    static ModuleSpec withPolicy(ModuleSpec module, RestartPolicy policy) {
        return new ModuleSpec(module.name(), module.type(), module.version(), module.running(), policy,
                module.repository(), module.feature(), module.location(), module.configurationPid(), module.env(),
                module.startupOrder());
    }
}
