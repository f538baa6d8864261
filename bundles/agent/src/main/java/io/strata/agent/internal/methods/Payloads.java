package io.strata.agent.internal.methods;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.json.Json;

/** Reading the JSON requests of the agent's methods, each refusal naming the field. */
final class Payloads {

    static final String SCHEMA_VERSION = "1.0";

    private Payloads() {
    }

    /**
     * The request as an object with {@code "schemaVersion":"1.0"}.
     *
     * @throws BadPayloadException when it is no JSON object, or its schema version is missing or another
     */
    static ObjectNode request(String methodName, String payload) throws BadPayloadException {
        JsonNode request;
        try {
            request = payload == null ? null : Json.mapper().readTree(payload);
        } catch (JsonProcessingException e) {
            throw new BadPayloadException("The " + methodName + " payload is not JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            throw new BadPayloadException("The " + methodName + " payload must be a JSON object with schemaVersion \""
                    + SCHEMA_VERSION + "\", not " + (request == null ? "empty" : request.toString()));
        }
        JsonNode version = request.get("schemaVersion");
        if (version == null || !SCHEMA_VERSION.equals(version.asText())) {
            throw new BadPayloadException("schemaVersion must be \"" + SCHEMA_VERSION + "\", not "
                    + (version == null ? "missing" : version.toString()));
        }
        return (ObjectNode) request;
    }

    /** A string field that must be there and not be blank; {@code field} names it in the error. */
    static String requiredText(JsonNode value, String field) throws BadPayloadException {
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new BadPayloadException(field + " must be a non-empty string, not "
                    + (value == null ? "missing" : value.toString()));
        }
        return value.asText();
    }

    /** An optional string field that must be one of {@code allowed}; {@code fallback} when absent. */
    static String oneOf(ObjectNode request, String field, String fallback, String... allowed) throws BadPayloadException {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        for (String candidate : allowed) {
            if (value.isTextual() && candidate.equalsIgnoreCase(value.asText())) {
                return candidate;
            }
        }
        throw new BadPayloadException(field + " must be one of " + String.join(", ", allowed) + ", not " + value);
    }
}
