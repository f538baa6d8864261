package io.strata.twin.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The desired or the reported properties of a twin, with their version. The properties are never
 * changed once the section exists: patching makes a new section ({@link PersistentTwinService}).
 */
record TwinSection(ObjectNode properties, long version) {

    static final TwinSection EMPTY = new TwinSection(JsonNodeFactory.instance.objectNode(), 0);
}
