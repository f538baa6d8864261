package io.strata.twin.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.twin.TwinService;

/**
 * The desired or the reported properties of a twin, with their version. The properties are never
 * changed once the section exists: patching makes a new section.
 */
record TwinSection(ObjectNode properties, long version) {

    static final TwinSection EMPTY = new TwinSection(JsonNodeFactory.instance.objectNode(), 0);

    /**
     * The section with the patch applied and the version one higher.
     *
     * @param name the section's name, for the message when the result would be too large
     * @throws IllegalArgumentException if the result would exceed {@link TwinService#MAX_SECTION_BYTES}
     */
    TwinSection patched(ObjectNode patch, String name) {
        ObjectNode merged = MergePatch.apply(properties, patch);
        int size = TwinJson.size(merged);
        if (size > TwinService.MAX_SECTION_BYTES) {
            throw new IllegalArgumentException("The patch would make the " + name + " properties " + size
                    + " bytes long, over the limit of " + TwinService.MAX_SECTION_BYTES + " bytes (32 KB)");
        }
        return new TwinSection(merged, version + 1);
    }
}
