package io.strata.agent.internal.runtime;

import io.strata.agent.internal.manifest.ModuleSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A module runtime that records what it is asked, fails on request and reports scripted health. */
final class RecordingRuntime implements ModuleRuntime {

    final List<String> calls = new ArrayList<>();
    final Map<String, Observation> health = new HashMap<>();
    String failInstallOf;

    @Override
    public void install(ModuleSpec module) throws ModuleException {
        if (module.name().equals(failInstallOf)) {
            throw new ModuleException("Module " + module.name() + ": could not install feature");
        }
        calls.add("install " + module.name() + " " + module.version());
    }

    @Override
    public void uninstall(ModuleSpec module) {
        calls.add("uninstall " + module.name() + " " + module.version());
    }

    @Override
    public void configure(ModuleSpec module) {
        calls.add("configure " + module.name() + " " + module.env());
    }

    @Override
    public void start(ModuleSpec module) {
        calls.add("start " + module.name());
    }

    @Override
    public void stop(ModuleSpec module) {
        calls.add("stop " + module.name());
    }

    @Override
    public void restart(ModuleSpec module) {
        calls.add("restart " + module.name());
    }

    @Override
    public Observation observe(ModuleSpec module) {
        return health.getOrDefault(module.name(), Observation.of(Observation.Health.RUNNING));
    }
}
