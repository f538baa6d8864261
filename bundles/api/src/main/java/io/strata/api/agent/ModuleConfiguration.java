package io.strata.api.agent;

/**
 * How the agent hands a module its {@code env}: as a Config Admin configuration. With
 * {@code settings.configurationPid} in the manifest it is the factory configuration
 * {@code <configurationPid>~<moduleId>}, so one feature can run as several modules; without it the
 * configuration {@code io.strata.module.<moduleId>}. Each {@code env} entry becomes a property of
 * the same name holding the value as a string, next to {@link #MODULE_ID}.
 */
public final class ModuleConfiguration {

    /** The property naming the module the configuration belongs to: its module id on this node. */
    public static final String MODULE_ID = "strata.module.id";
    /** Prefix of the configuration PID of a module whose manifest names no configurationPid. */
    public static final String DEFAULT_PID_PREFIX = "io.strata.module.";

    private ModuleConfiguration() {
    }
}
