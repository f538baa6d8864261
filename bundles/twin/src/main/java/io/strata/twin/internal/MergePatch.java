package io.strata.twin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** JSON merge patches (RFC 7396) of twin sections. */
final class MergePatch {

    private MergePatch() {
    }

    /**
     * Reads a patch from the text a caller gave.
     *
     * @throws IllegalArgumentException if it is not a JSON object, or sets a reserved top-level
     *                                  member such as {@code $version}
     */
    static ObjectNode parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A twin patch must be a JSON object, and it is empty");
        }
        JsonNode parsed = TwinJson.parse(text);
        if (!(parsed instanceof ObjectNode patch)) {
            throw new IllegalArgumentException("A twin patch must be a JSON object, not " + kindOf(parsed));
        }
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            String name = member.getKey();
            if (name.startsWith(TwinJson.METADATA_PREFIX)) {
                throw new IllegalArgumentException("'" + name + "' is twin metadata, which a patch cannot set: "
                        + "top-level names starting with " + TwinJson.METADATA_PREFIX + " are reserved");
            }
        }
        return patch;
    }

    /** The target with the patch applied; the target itself stays as it was. */
    static ObjectNode apply(ObjectNode target, ObjectNode patch) {
        ObjectNode result = target.deepCopy();
        mergeInto(result, patch);
        return result;
    }

    private static String kindOf(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> "null";
        };
    }

    private static void mergeInto(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            String name = member.getKey();
            JsonNode value = member.getValue();
            if (value.isNull()) {
                target.remove(name);
            } else if (value instanceof ObjectNode nested) {
                // An object merges into an object; anything else in its place is replaced by one.
                JsonNode existing = target.get(name);
                mergeInto(existing instanceof ObjectNode object ? object : target.putObject(name), nested);
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }
}
