package io.strata.agent.internal.runtime;

import io.strata.agent.internal.manifest.ModuleSpec;
import io.strata.api.agent.ModuleStatus;
import io.strata.api.retry.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the deployed modules and applies their restart policies: a failed module (or, for
 * {@code on-unhealthy} and {@code always}, one unhealthy for longer than a grace period) is
 * restarted after the {@link Backoff#DEFAULT} back-off (1 s doubling up to 60 s), which resets once
 * the module has run for a minute. Not thread-safe: the agent calls it from its one thread.
 */
final class Supervisor {

    static final Backoff RESTART_BACKOFF = Backoff.DEFAULT;
    static final Duration UNHEALTHY_GRACE = Duration.ofSeconds(10);
    static final Duration STABLE_AFTER = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final ModuleRuntime runtime;
    private final Map<String, Tracked> modules = new LinkedHashMap<>();

    Supervisor(ModuleRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Supervises these modules from now on.
     *
     * @param restarted the modules that were (re)installed, restarted or stopped by the deployment: their
     *                  history starts again; the others keep theirs
     */
    void deployed(List<ModuleSpec> deployed, Set<String> restarted, Instant now) {
        Map<String, Tracked> previous = new LinkedHashMap<>(modules);
        modules.clear();
        for (ModuleSpec module : deployed) {
            Tracked tracked = previous.get(module.name());
            if (tracked == null || restarted.contains(module.name())) {
                tracked = new Tracked(module, module.running() ? now : null);
            }
            tracked.module = module;
            modules.put(module.name(), tracked);
        }
    }

    /** Looks at every module once, restarting those whose policy says so; returns whether a status changed. */
    boolean check(Instant now) {
        boolean changed = false;
        for (Tracked tracked : modules.values()) {
            ModuleStatus before = tracked.status();
            check(tracked, now);
            changed |= !before.equals(tracked.status());
        }
        return changed;
    }

    private void check(Tracked tracked, Instant now) {
        if (tracked.restartAt != null) {
            if (now.isBefore(tracked.restartAt)) {
                return;
            }
            tracked.restartAt = null;
            tracked.restartCount++;
            restart(tracked, now);
            return;
        }
        Observation observation = runtime.observe(tracked.module);
        switch (observation.health()) {
            case RUNNING -> {
                if (!"running".equals(tracked.runtimeStatus)) {
                    tracked.startTime = tracked.startTime == null || tracked.exited() ? now : tracked.startTime;
                }
                tracked.set("running", observation.description());
                tracked.unhealthySince = null;
                if (tracked.startTime != null && tracked.startTime.plus(STABLE_AFTER).isBefore(now)) {
                    tracked.restartsInRow = 0;
                }
            }
            case STOPPED -> {
                if (!tracked.exited()) {
                    tracked.lastExitTime = now;
                }
                tracked.set("stopped", observation.description());
            }
            case FAILED -> {
                if (!tracked.exited()) {
                    tracked.lastExitTime = now;
                }
                if (tracked.module.restartPolicy().restartsFailed()) {
                    scheduleRestart(tracked, now, observation.description());
                } else {
                    tracked.set("failed", observation.description());
                }
            }
            case STARTING -> {
                // judged once the node has started it
            }
            case UNHEALTHY -> {
                tracked.unhealthySince = tracked.unhealthySince == null ? now : tracked.unhealthySince;
                if (tracked.module.restartPolicy().restartsUnhealthy()
                        && !tracked.unhealthySince.plus(UNHEALTHY_GRACE).isAfter(now)) {
                    scheduleRestart(tracked, now, observation.description());
                } else {
                    tracked.set("unhealthy", observation.description());
                }
            }
        }
    }

    private void scheduleRestart(Tracked tracked, Instant now, String reason) {
        tracked.restartsInRow++;
        Duration backoff = RESTART_BACKOFF.after(tracked.restartsInRow);
        tracked.restartAt = now.plus(backoff);
        LOG.warn("Module {} {}; restarting it in {} s (restart policy {})", tracked.module.name(), reason,
                backoff.toSeconds(), tracked.module.restartPolicy().text());
        tracked.set("backoff", reason);
    }

    /**
     * Restarts a module now, outside its policy; not counted.
     *
     * @throws IllegalArgumentException when no such module is deployed
     */
    ModuleStatus restartNow(String name, Instant now) {
        Tracked tracked = modules.get(name);
        if (tracked == null) {
            throw new IllegalArgumentException("No module '" + name + "' is deployed; deployed: " + modules.keySet());
        }
        tracked.restartAt = null;
        restart(tracked, now);
        check(tracked, now);
        return tracked.status();
    }

    private void restart(Tracked tracked, Instant now) {
        tracked.lastRestartTime = now;
        tracked.unhealthySince = null;
        try {
            if (tracked.module.running()) {
                runtime.restart(tracked.module);
                tracked.startTime = now;
            } else {
                runtime.stop(tracked.module);
            }
        } catch (ModuleException e) {
            LOG.warn("Could not restart module {}", tracked.module.name(), e);
            tracked.set("failed", e.getMessage());
        }
    }

    List<ModuleStatus> statuses() {
        return modules.values().stream().map(Tracked::status).toList();
    }

    private static final class Tracked {
        ModuleSpec module;
        String runtimeStatus;
        String description = "";
        Instant startTime;
        Instant lastExitTime;
        Instant lastRestartTime;
        int restartCount;
        Instant restartAt;
        Instant unhealthySince;
        // Restarts scheduled since the module last ran for a minute: the next back-off grows with them.
        int restartsInRow;

        Tracked(ModuleSpec module, Instant startTime) {
            this.module = module;
            this.startTime = startTime;
            this.runtimeStatus = module.running() ? "running" : "stopped";
        }

        void set(String status, String why) {
            runtimeStatus = status;
            description = why;
        }

        boolean exited() {
            return !"running".equals(runtimeStatus) && !"unhealthy".equals(runtimeStatus);
        }

        ModuleStatus status() {
            return new ModuleStatus(module.name(), module.type().text(), module.version(),
                    module.running() ? "running" : "stopped", runtimeStatus, description,
                    module.restartPolicy().text(), restartCount, startTime, lastExitTime, lastRestartTime);
        }
    }
}
