package io.strata.agent.internal.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.json.Json;

/** Twin sections, which the twin service hands out as JSON text, as objects the agent works on. */
final class TwinSections {

    private TwinSections() {
    }

    /** The section as an object; an empty one for anything but an object. */
    static ObjectNode read(String json) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            return node instanceof ObjectNode object ? object : Json.mapper().createObjectNode();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A twin section is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
