package io.strata.agent.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.agent.DeploymentStatus;
import io.strata.api.agent.ModuleStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The {@code $edgeAgent} reported properties, laid out as IoT Edge's agent reports them: the
 * outcome of the last desired properties, the health of the device, and each module's runtime
 * status next to a copy of what the manifest asked for it (without its env, which may hold secrets).
 */
final class ReportedProperties {

    private static final Set<String> HEALTHY = Set.of("running", "stopped");

    private ReportedProperties() {
    }

    static ObjectNode of(DeploymentStatus status, JsonNode applied, List<ModuleStatus> modules, ModuleStatus edgeHub,
            Instant agentStart) {
        ObjectNode reported = JsonNodeFactory.instance.objectNode();
        if (applied.has("schemaVersion")) {
            reported.set("schemaVersion", applied.get("schemaVersion"));
        }
        reported.put("lastDesiredVersion", status.desiredVersion());
        ObjectNode lastStatus = reported.putObject("lastDesiredStatus");
        lastStatus.put("code", status.code());
        lastStatus.put("description", status.description());
        boolean healthy = HEALTHY.contains(edgeHub.runtimeStatus())
                && modules.stream().allMatch(module -> HEALTHY.contains(module.runtimeStatus()));
        reported.put("deviceHealth", healthy ? "healthy" : "unhealthy");
        ObjectNode platform = reported.putObject("runtime").putObject("platform");
        platform.put("OS", System.getProperty("os.name"));
        platform.put("architecture", System.getProperty("os.arch"));
        ObjectNode system = reported.putObject("systemModules");
        ObjectNode agent = system.putObject("edgeAgent");
        agent.put("runtimeStatus", "running");
        agent.put("startTimeUtc", agentStart.toString());
        system.set("edgeHub", runtime(edgeHub, JsonNodeFactory.instance.objectNode()));
        ObjectNode reportedModules = reported.putObject("modules");
        for (ModuleStatus module : modules) {
            JsonNode desired = applied.path("modules").path(module.name());
            ObjectNode copy = desired.isObject() ? ((ObjectNode) desired).deepCopy() : JsonNodeFactory.instance.objectNode();
            copy.remove("env");
            reportedModules.set(module.name(), runtime(module, copy));
        }
        return reported;
    }

    private static ObjectNode runtime(ModuleStatus module, ObjectNode into) {
        into.put("runtimeStatus", module.runtimeStatus());
        into.put("statusDescription", module.description());
        if (!"running".equals(module.runtimeStatus()) && !"unhealthy".equals(module.runtimeStatus())) {
            // Modules are not processes: 0 for a module stopped as asked, 1 for one that failed.
            into.put("exitCode", "stopped".equals(module.runtimeStatus()) ? 0 : 1);
        }
        putTime(into, "startTimeUtc", module.startTime());
        putTime(into, "lastExitTimeUtc", module.lastExitTime());
        putTime(into, "lastRestartTimeUtc", module.lastRestartTime());
        into.put("restartCount", module.restartCount());
        return into;
    }

    private static void putTime(ObjectNode into, String name, Instant time) {
        if (time != null) {
            into.put(name, time.toString());
        }
    }
}
