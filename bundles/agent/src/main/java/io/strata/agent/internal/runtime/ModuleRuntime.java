package io.strata.agent.internal.runtime;

import io.strata.agent.internal.manifest.ModuleSpec;

/** What the agent does to modules; every method throws {@link ModuleException} naming what failed. */
interface ModuleRuntime {

    /** Gives the module its identity and configuration, installs its code and starts it if it should run. */
    void install(ModuleSpec module) throws ModuleException;

    /** Stops the module and removes its code (unless another module still uses it), configuration and identity. */
    void uninstall(ModuleSpec module) throws ModuleException;

    /** Replaces the module's configuration with the one {@code module} describes. */
    void configure(ModuleSpec module) throws ModuleException;

    void start(ModuleSpec module) throws ModuleException;

    void stop(ModuleSpec module) throws ModuleException;

    /** Restarts a module that should run, touching other modules as little as the code allows. */
    void restart(ModuleSpec module) throws ModuleException;

    /** How the module is doing now. */
    Observation observe(ModuleSpec module);
}
