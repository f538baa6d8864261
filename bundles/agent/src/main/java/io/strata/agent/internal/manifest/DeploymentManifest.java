package io.strata.agent.internal.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.json.Json;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deployment manifest: the desired properties it sets in each module twin of the device. The
 * agent's own section is validated whole before anything is applied.
 *
 * @param twins the desired properties by module id ({@code $edgeAgent}, {@code $edgeHub}, user modules)
 */
public record DeploymentManifest(AgentSettings agent, Map<String, ObjectNode> twins) {

    public static final String EDGE_AGENT = "$edgeAgent";
    public static final String EDGE_HUB = "$edgeHub";
    private static final String DESIRED = "properties.desired";

    /**
     * Reads a manifest as {@code az iot edge set-modules} takes it: {@code {"modulesContent": {...}}},
     * the older {@code moduleContent}, or either wrapped in {@code {"content": ...}}.
     */
    public static DeploymentManifest parse(String text) throws ManifestException {
        if (text == null || text.isBlank()) {
            throw new ManifestException(ManifestException.EMPTY, "The deployment manifest is empty");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new ManifestException(ManifestException.INVALID, "The deployment manifest is not JSON: "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        }
        if (root != null && root.has("content")) {
            root = root.get("content");
        }
        if (root == null || !root.isObject()) {
            throw new ManifestException(ManifestException.INVALID, "The deployment manifest must be a JSON object");
        }
        String contentField = root.has("modulesContent") ? "modulesContent" : "moduleContent";
        JsonNode content = AgentSettings.optionalObject(root, contentField, contentField);
        if (content == null) {
            throw new ManifestException(ManifestException.INVALID, "modulesContent is missing");
        }
        Map<String, ObjectNode> twins = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String field = contentField + "." + entry.getKey();
            if (!entry.getValue().isObject()) {
                throw new ManifestException(ManifestException.INVALID, field + " must be an object");
            }
            JsonNode desired = AgentSettings.optionalObject(entry.getValue(), DESIRED, field + "." + DESIRED);
            if (desired == null) {
                throw new ManifestException(ManifestException.INVALID, field + "." + DESIRED + " is missing");
            }
            twins.put(entry.getKey(), (ObjectNode) desired);
        }
        if (!twins.containsKey(EDGE_AGENT)) {
            throw new ManifestException(ManifestException.EMPTY, contentField + ".$edgeAgent is missing");
        }
        AgentSettings agent = AgentSettings.parse(twins.get(EDGE_AGENT));
        for (String module : twins.keySet()) {
            if (!module.equals(EDGE_AGENT) && !module.equals(EDGE_HUB)
                    && agent.modules().stream().noneMatch(spec -> spec.name().equals(module))) {
                throw new ManifestException(ManifestException.INVALID, contentField + "." + module
                        + " sets desired properties of a module that $edgeAgent does not deploy");
            }
        }
        return new DeploymentManifest(agent, twins);
    }
}
