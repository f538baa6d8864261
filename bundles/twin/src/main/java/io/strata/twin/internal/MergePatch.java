package io.strata.twin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
        return parseObject(text, "patch");
    }

    /**
     * Reads a whole section (a parent's, in a twin sync) with the rules of a patch; its null members
     * are dropped, as applying it to an empty section would, since a section holds no nulls.
     *
     * @throws IllegalArgumentException as {@link #parse} does
     */
    static ObjectNode parseSection(String text) {
        return apply(JsonNodeFactory.instance.objectNode(), parseObject(text, "section"));
    }

    private static ObjectNode parseObject(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A twin " + what + " must be a JSON object, and it is empty");
        }
        JsonNode parsed = TwinJson.parse(text);
        if (!(parsed instanceof ObjectNode object)) {
            throw new IllegalArgumentException("A twin " + what + " must be a JSON object, not " + kindOf(parsed));
        }
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            String name = member.getKey();
            if (name.startsWith(TwinJson.METADATA_PREFIX)) {
                throw new IllegalArgumentException("'" + name + "' is twin metadata, which a " + what
                        + " cannot set: top-level names starting with " + TwinJson.METADATA_PREFIX + " are reserved");
            }
        }
        return object;
    }

    /**
     * The merge patch that turns {@code from} into {@code to}: members {@code to} lacks are set to
     * null, objects on both sides are compared member by member, other changed values are set whole.
     * Exact for sections, which hold no null members.
     */
    static ObjectNode diff(ObjectNode from, ObjectNode to) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> member : from.properties()) {
            if (!to.has(member.getKey())) {
                patch.putNull(member.getKey());
            }
        }
        for (Map.Entry<String, JsonNode> member : to.properties()) {
            String name = member.getKey();
            JsonNode before = from.get(name);
            JsonNode after = member.getValue();
            if (before instanceof ObjectNode beforeObject && after instanceof ObjectNode afterObject) {
                ObjectNode nested = diff(beforeObject, afterObject);
                if (!nested.isEmpty()) {
                    patch.set(name, nested);
                }
            } else if (!after.equals(before)) {
                patch.set(name, after.deepCopy());
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
