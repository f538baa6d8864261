package io.strata.agent.internal.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.identity.IdentityId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code $edgeAgent} desired properties, validated: the modules to run, in startup order.
 * Errors name the field, as {@code lastDesiredStatus.description} shows them.
 */
public record AgentSettings(String schemaVersion, List<ModuleSpec> modules) {

    static final Set<String> SCHEMA_VERSIONS = Set.of("1.0", "1.1");
    static final String RUNTIME_TYPE = "karaf";

    /** Reads desired properties; metadata members such as {@code $version} are ignored. */
    public static AgentSettings parse(JsonNode desired) throws ManifestException {
        if (desired == null || !desired.isObject() || isEmpty(desired)) {
            throw new ManifestException(ManifestException.EMPTY, "The $edgeAgent desired properties are empty");
        }
        JsonNode schemaVersion = desired.get("schemaVersion");
        if (schemaVersion == null || !schemaVersion.isTextual()) {
            throw new ManifestException(ManifestException.INVALID, "schemaVersion is missing or not a string");
        }
        if (!SCHEMA_VERSIONS.contains(schemaVersion.asText())) {
            throw new ManifestException(ManifestException.UNSUPPORTED_SCHEMA, "schemaVersion "
                    + schemaVersion.asText() + " is not supported; supported: 1.0, 1.1");
        }
        checkRuntime(desired.get("runtime"));
        optionalObject(desired, "systemModules", "systemModules");
        List<ModuleSpec> modules = new ArrayList<>();
        JsonNode modulesNode = optionalObject(desired, "modules", "modules");
        if (modulesNode != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = modulesNode.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                modules.add(module(entry.getKey(), entry.getValue()));
            }
        }
        modules.sort(Comparator.comparingLong(ModuleSpec::startupOrder).thenComparing(ModuleSpec::name));
        return new AgentSettings(schemaVersion.asText(), List.copyOf(modules));
    }

    private static boolean isEmpty(JsonNode desired) {
        for (Iterator<String> names = desired.fieldNames(); names.hasNext();) {
            if (!names.next().startsWith("$")) {
                return false;
            }
        }
        return true;
    }

    private static void checkRuntime(JsonNode runtime) throws ManifestException {
        if (runtime == null) {
            return;
        }
        if (!runtime.isObject()) {
            throw new ManifestException(ManifestException.INVALID, "runtime must be an object");
        }
        JsonNode type = runtime.get("type");
        if (type != null && !RUNTIME_TYPE.equals(type.asText())) {
            throw new ManifestException(ManifestException.INVALID, "runtime.type must be \"" + RUNTIME_TYPE
                    + "\", not " + type);
        }
    }

    private static ModuleSpec module(String name, JsonNode module) throws ManifestException {
        String field = "modules." + name;
        try {
            IdentityId.module("device", name);
        } catch (IllegalArgumentException e) {
            throw new ManifestException(ManifestException.INVALID, field + ": not a valid module id");
        }
        if (name.startsWith("$")) {
            throw new ManifestException(ManifestException.INVALID, field + ": module ids starting with $ are reserved");
        }
        if (!module.isObject()) {
            throw new ManifestException(ManifestException.INVALID, field + " must be an object");
        }
        ModuleType type = type(field, module.get("type"));
        JsonNode settings = module.get("settings");
        if (settings == null || !settings.isObject()) {
            throw new ManifestException(ManifestException.INVALID, field + ".settings is missing or not an object");
        }
        String repository = null;
        String feature = null;
        String location = null;
        if (type == ModuleType.KARAF_FEATURE) {
            // Without a repository the feature must be in one the node already knows, such as Strata's own.
            repository = settings.hasNonNull("repository") ? url(field + ".settings.repository", settings.get("repository")) : null;
            feature = requiredText(field + ".settings.feature", settings.get("feature"));
        } else {
            location = url(field + ".settings.location", settings.get("location"));
        }
        String configurationPid = optionalText(field + ".settings.configurationPid", settings.get("configurationPid"));
        return new ModuleSpec(name, type, optionalText(field + ".version", module.get("version"), ""),
                running(field, module.get("status")), restartPolicy(field, module.get("restartPolicy")),
                repository, feature, location, configurationPid, env(field + ".env", module.get("env")),
                startupOrder(field + ".startupOrder", module.get("startupOrder")));
    }

    private static ModuleType type(String field, JsonNode type) throws ManifestException {
        for (ModuleType candidate : ModuleType.values()) {
            if (type != null && candidate.text().equals(type.asText())) {
                return candidate;
            }
        }
        throw new ManifestException(ManifestException.INVALID, field + ".type must be \"karaf-feature\" or \"bundle\", not "
                + type);
    }

    private static boolean running(String field, JsonNode status) throws ManifestException {
        if (status == null || "running".equals(status.asText())) {
            return true;
        }
        if ("stopped".equals(status.asText())) {
            return false;
        }
        throw new ManifestException(ManifestException.INVALID, field + ".status must be \"running\" or \"stopped\", not "
                + status);
    }

    private static RestartPolicy restartPolicy(String field, JsonNode policy) throws ManifestException {
        if (policy == null) {
            return RestartPolicy.ALWAYS;
        }
        // The IoT Edge documentation spells it both ways.
        String text = "on-failed".equals(policy.asText()) ? "on-failure" : policy.asText();
        for (RestartPolicy candidate : RestartPolicy.values()) {
            if (candidate.text().equals(text)) {
                return candidate;
            }
        }
        throw new ManifestException(ManifestException.INVALID, field
                + ".restartPolicy must be \"never\", \"on-failure\", \"on-unhealthy\" or \"always\", not " + policy);
    }

    private static Map<String, String> env(String field, JsonNode env) throws ManifestException {
        Map<String, String> values = new LinkedHashMap<>();
        if (env == null) {
            return values;
        }
        if (!env.isObject()) {
            throw new ManifestException(ManifestException.INVALID, field + " must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = env.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            // IoT Edge writes {"NAME": {"value": ...}}; a plain value is accepted too.
            JsonNode value = entry.getValue().isObject() ? entry.getValue().get("value") : entry.getValue();
            if (value == null || value.isContainerNode() || value.isNull()) {
                throw new ManifestException(ManifestException.INVALID, field + "." + entry.getKey()
                        + " must be a value or {\"value\": ...}");
            }
            values.put(entry.getKey(), value.asText());
        }
        return values;
    }

    private static long startupOrder(String field, JsonNode order) throws ManifestException {
        if (order == null) {
            return 4294967295L;
        }
        if (!order.canConvertToLong() || !order.isIntegralNumber() || order.asLong() < 0) {
            throw new ManifestException(ManifestException.INVALID, field + " must be a non-negative integer, not " + order);
        }
        return order.asLong();
    }

    private static String url(String field, JsonNode url) throws ManifestException {
        String text = requiredText(field, url);
        if (UpstreamUrls.isUpstream(text)) {
            return UpstreamUrls.toMaven(field, text);
        }
        if (!text.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.+")) {
            throw new ManifestException(ManifestException.INVALID, field + " must be a URL such as mvn:group/artifact/version, not "
                    + url);
        }
        return text;
    }

    private static String requiredText(String field, JsonNode text) throws ManifestException {
        String value = optionalText(field, text);
        if (value == null || value.isBlank()) {
            throw new ManifestException(ManifestException.INVALID, field + " is missing");
        }
        return value;
    }

    private static String optionalText(String field, JsonNode text) throws ManifestException {
        return optionalText(field, text, null);
    }

    private static String optionalText(String field, JsonNode text, String absent) throws ManifestException {
        if (text == null || text.isNull()) {
            return absent;
        }
        if (!text.isValueNode()) {
            throw new ManifestException(ManifestException.INVALID, field + " must be a string");
        }
        return text.asText();
    }

    static JsonNode optionalObject(JsonNode parent, String name, String field) throws ManifestException {
        JsonNode node = parent.get(name);
        if (node != null && !node.isObject()) {
            throw new ManifestException(ManifestException.INVALID, field + " must be an object");
        }
        return node;
    }
}
