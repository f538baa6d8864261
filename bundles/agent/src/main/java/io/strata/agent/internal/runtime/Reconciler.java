package io.strata.agent.internal.runtime;

import io.strata.agent.internal.manifest.ModuleSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the modules from what was applied to what is desired, touching only the modules that
 * changed. Either all of it happens or, when one step fails, every step already done is undone in
 * reverse so the modules that ran before run as before.
 */
final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ModuleRuntime runtime;

    Reconciler(ModuleRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * @param applied the modules running now, in startup order
     * @param desired the modules wanted, in startup order
     * @return what was done
     * @throws ModuleException when a step failed; what was done before it is undone
     */
    Result apply(List<ModuleSpec> applied, List<ModuleSpec> desired) throws ModuleException {
        Map<String, ModuleSpec> before = byName(applied);
        Map<String, ModuleSpec> after = byName(desired);
        List<Step> steps = new ArrayList<>();
        List<ModuleSpec> leaving = new ArrayList<>(applied);
        leaving.removeIf(old -> after.containsKey(old.name()));
        Collections.reverse(leaving);
        leaving.forEach(old -> steps.add(uninstall(old)));
        for (ModuleSpec module : desired) {
            ModuleSpec old = before.get(module.name());
            if (old == null) {
                steps.add(install(module));
            } else if (!old.sameCode(module)) {
                steps.add(uninstall(old));
                steps.add(install(module));
            } else {
                if (!old.sameConfiguration(module)) {
                    steps.add(new Step(module.name(), false, "reconfigured " + module.name(),
                            () -> runtime.configure(module), () -> runtime.configure(old)));
                }
                if (old.running() != module.running()) {
                    steps.add(module.running() ? start(module) : stop(module));
                }
            }
        }
        run(steps);
        return new Result(steps.stream().map(Step::description).toList(),
                steps.stream().filter(Step::restarts).map(Step::module).collect(Collectors.toSet()));
    }

    private void run(List<Step> steps) throws ModuleException {
        Deque<Step> done = new ArrayDeque<>();
        for (Step step : steps) {
            try {
                step.action().run();
                done.push(step);
            } catch (ModuleException | RuntimeException e) {
                LOG.warn("Deployment step failed ({}), undoing {} step(s) done before it", step.description(),
                        done.size(), e);
                undo(done);
                throw e instanceof ModuleException failure ? failure
                        : new ModuleException("Could not " + step.description(), e);
            }
        }
    }

    private static void undo(Deque<Step> done) {
        for (Step step : done) {
            try {
                step.undo().run();
            } catch (ModuleException | RuntimeException e) {
                LOG.error("Could not undo '{}'", step.description(), e);
            }
        }
    }

    private Step install(ModuleSpec module) {
        return new Step(module.name(), true, "installed " + module.name(), () -> runtime.install(module), () -> runtime.uninstall(module));
    }

    private Step uninstall(ModuleSpec module) {
        return new Step(module.name(), true, "removed " + module.name(), () -> runtime.uninstall(module), () -> runtime.install(module));
    }

    private Step start(ModuleSpec module) {
        return new Step(module.name(), true, "started " + module.name(), () -> runtime.start(module), () -> runtime.stop(module));
    }

    private Step stop(ModuleSpec module) {
        return new Step(module.name(), true, "stopped " + module.name(), () -> runtime.stop(module), () -> runtime.start(module));
    }

    private static Map<String, ModuleSpec> byName(List<ModuleSpec> modules) {
        return modules.stream().collect(Collectors.toMap(ModuleSpec::name, Function.identity()));
    }

    @FunctionalInterface
    interface Action {
        void run() throws ModuleException;
    }

    /**
     * @param restarts whether the module's run history starts again with this step
     */
    record Step(String module, boolean restarts, String description, Action action, Action undo) {
    }

    /**
     * @param changes   what was done, one line per step; empty when nothing changed
     * @param restarted the modules installed, removed, started or stopped
     */
    record Result(List<String> changes, Set<String> restarted) {
    }
}
