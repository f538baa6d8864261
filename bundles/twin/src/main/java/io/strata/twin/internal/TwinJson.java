package io.strata.twin.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import io.strata.api.twin.Twin;
import java.nio.charset.StandardCharsets;

/**
 * Twins as JSON, in the shapes IoT Hub uses: a section carries its version as the member
 * {@code $version}. The one place that maps the state records to JSON and back; the stored form of
 * a twin is the document a twin GET answers.
 */
final class TwinJson {

    /** Top-level names with this prefix are metadata, which patches cannot set. */
    static final String METADATA_PREFIX = "$";
    static final String VERSION = "$version";
    static final String DESIRED = "desired";
    static final String REPORTED = "reported";

    // Twins also refuse duplicate names, which Jackson would otherwise drop without a word: of two
    // values of one property, a client would not know which one the twin kept.
    private static final ObjectReader READER = Json.mapper().reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private TwinJson() {
    }

    /**
     * Parses JSON text.
     *
     * @throws IllegalArgumentException saying what is malformed, and where
     */
    static JsonNode parse(String text) {
        try {
            return READER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Malformed JSON: " + describe(e), e);
        }
    }

    static String compact(JsonNode node) {
        // JsonNode.toString() is JSON written with the default settings of databind.
        return node.toString();
    }

    /** The length in bytes of the compact JSON, which the section limit counts. */
    static int size(JsonNode node) {
        return compact(node).getBytes(StandardCharsets.UTF_8).length;
    }

    /** The twin as the API hands it out: each section's properties as compact JSON. */
    static Twin twin(IdentityId identity, TwinState state) {
        return new Twin(identity, compact(state.desired().properties()), state.desired().version(),
                compact(state.reported().properties()), state.reported().version());
    }

    /** The twin GET answer: {@code {"desired":{...,"$version":n},"reported":{...,"$version":m}}}. */
    static String document(TwinState twin, boolean indented) {
        ObjectNode document = Json.mapper().createObjectNode();
        document.set(DESIRED, versioned(twin.desired()));
        document.set(REPORTED, versioned(twin.reported()));
        return indented ? document.toPrettyString() : compact(document);
    }

    /** The desired-properties notification: {@code {...patch...,"$version":n}}. */
    static String notification(ObjectNode patch, long version) {
        return compact(versioned(new TwinSection(patch, version)));
    }

    /**
     * Reads a twin from its {@link #document}.
     *
     * @throws IllegalArgumentException if the text is not such a document
     */
    static TwinState read(String text) {
        JsonNode document = parse(text);
        return new TwinState(section(document, DESIRED), section(document, REPORTED));
    }

    private static ObjectNode versioned(TwinSection section) {
        ObjectNode node = section.properties().deepCopy();
        node.put(VERSION, section.version());
        return node;
    }

    private static TwinSection section(JsonNode document, String name) {
        if (!(document.get(name) instanceof ObjectNode node) || !node.path(VERSION).isIntegralNumber()) {
            throw new IllegalArgumentException("there is no '" + name + "' object with a " + VERSION);
        }
        ObjectNode properties = node.deepCopy();
        long version = properties.remove(VERSION).asLong();
        return new TwinSection(properties, version);
    }

    /** The problem in words for an operator: on one line, with where it is. */
    private static String describe(JsonProcessingException e) {
        String problem = e.getOriginalMessage().replaceAll("\\s+", " ").trim();
        JsonLocation where = e.getLocation();
        return where == null ? problem : problem + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }
}
