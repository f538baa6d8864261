package io.strata.agent.internal.runtime;

import io.strata.api.agent.ModuleConfiguration;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Judges a set of bundles the way a container runtime judges a process: not active is failed; a
 * Declarative Services component that threw on activation is failed; one waiting for a service or
 * a configuration is unhealthy.
 */
final class ComponentHealth {

    private final ServiceComponentRuntime scr;
    private final IntSupplier frameworkStartLevel;
    private final int startedLevel;

    /**
     * @param frameworkStartLevel the framework's active start level, which rises while the node starts
     * @param startedLevel        the start level the framework rises to (its beginning start level)
     */
    ComponentHealth(ServiceComponentRuntime scr, IntSupplier frameworkStartLevel, int startedLevel) {
        this.scr = scr;
        this.frameworkStartLevel = frameworkStartLevel;
        this.startedLevel = startedLevel;
    }

    /**
     * @param shouldRun whether the bundles should be active
     * @param moduleId  the module judged: component configurations made for another module
     *                  (another instance of the same feature) are left out; null for none
     */
    Observation observe(List<Bundle> bundles, boolean shouldRun, String moduleId) {
        for (Bundle bundle : bundles) {
            boolean active = bundle.getState() == Bundle.ACTIVE || bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!shouldRun) {
                if (active && bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    return new Observation(Observation.Health.RUNNING, "bundle " + bundle.getSymbolicName()
                            + " is active although the module should be stopped");
                }
                continue;
            }
            if (!active) {
                return notActive(bundle);
            }
        }
        if (!shouldRun) {
            return Observation.of(Observation.Health.STOPPED);
        }
        Observation unhealthy = null;
        for (Bundle bundle : bundles) {
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                if (!scr.isComponentEnabled(description)) {
                    continue;
                }
                for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                    Object owner = configuration.properties.get(ModuleConfiguration.MODULE_ID);
                    if (owner != null && moduleId != null && !owner.equals(moduleId)) {
                        continue;
                    }
                    if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        return new Observation(Observation.Health.FAILED, "component " + description.name
                                + " failed to activate: " + configuration.failure.lines().findFirst().orElse(""));
                    }
                    if (unhealthy == null && (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                            || configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION)) {
                        unhealthy = new Observation(Observation.Health.UNHEALTHY, "component " + description.name
                                + " waits for " + missing(configuration));
                    }
                }
            }
        }
        return unhealthy == null ? Observation.of(Observation.Health.RUNNING) : unhealthy;
    }

    /**
     * Failed, unless the node is still starting and the framework has yet to start the bundle: it starts the
     * bundles of each level in turn, and those of the level at hand one after the other.
     */
    private Observation notActive(Bundle bundle) {
        BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
        int framework = frameworkStartLevel.getAsInt();
        if (framework < startedLevel && level != null && level.isPersistentlyStarted()
                && level.getStartLevel() >= framework) {
            return new Observation(Observation.Health.STARTING, "bundle " + bundle.getSymbolicName()
                    + " starts at start level " + level.getStartLevel() + ", the node is at " + framework);
        }
        return new Observation(Observation.Health.FAILED, "bundle " + bundle.getSymbolicName() + " is "
                + stateName(bundle.getState()));
    }

    private static String missing(ComponentConfigurationDTO configuration) {
        if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
            return "its configuration";
        }
        return Arrays.stream(configuration.unsatisfiedReferences).map(ComponentHealth::describe)
                .reduce((a, b) -> a + ", " + b).orElse("a reference");
    }

    private static String describe(UnsatisfiedReferenceDTO reference) {
        return "reference " + reference.name;
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED (not resolved)";
            case Bundle.RESOLVED -> "RESOLVED (not started)";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "in state " + state;
        };
    }
}
