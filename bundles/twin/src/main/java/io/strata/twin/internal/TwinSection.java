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
        return checked(MergePatch.apply(properties, patch), version + 1, "The patch would make the " + name);
    }

    /**
     * A section replacing this one, as a twin sync makes it.
     *
     * @throws IllegalArgumentException if the properties exceed {@link TwinService#MAX_SECTION_BYTES}
     */
    static TwinSection synced(ObjectNode properties, long version, String name) {
        return checked(properties, version, "The synced section would make the " + name);
    }

    private static TwinSection checked(ObjectNode properties, long version, String what) {
        int size = TwinJson.size(properties);
        if (size > TwinService.MAX_SECTION_BYTES) {
            throw new IllegalArgumentException(what + " properties " + size + " bytes long, over the limit of "
                    + TwinService.MAX_SECTION_BYTES + " bytes (32 KB)");
        }
        return new TwinSection(properties, version);
    }
}
