package io.strata.agent.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON merge patch that turns one object into another: a deployment manifest replaces a twin's
 * desired properties, but twins only take merge patches, which keep members they do not mention.
 */
final class ReplacementPatch {

    private ReplacementPatch() {
    }

    /** The patch from {@code current} to {@code wanted}; empty when they are equal. Metadata ($...) is left alone. */
    static ObjectNode between(JsonNode current, ObjectNode wanted) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        for (Iterator<String> names = current.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.startsWith("$") && !wanted.has(name)) {
                patch.putNull(name);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> member = it.next();
            JsonNode old = current.get(member.getKey());
            JsonNode value = member.getValue();
            if (old != null && old.isObject() && value.isObject()) {
                ObjectNode nested = between(old, (ObjectNode) value);
                if (!nested.isEmpty()) {
                    patch.set(member.getKey(), nested);
                }
            } else if (!value.equals(old)) {
                patch.set(member.getKey(), value);
            }
        }
        return patch;
    }
}
