package io.strata.routing.internal.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.json.Json;
import io.strata.api.message.Message;
import io.strata.api.message.SystemProperty;
import io.strata.routing.internal.lang.MessageContext;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A message written as JSON for {@code edge:routes-test}:
 * {@code {"body": ..., "properties": {...}, "systemProperties": {"$contentType": ..., ...}}}. It can be
 * any message a route can see: property values are strings or null, and system properties go by the
 * names routes use for them, IoT Hub's own or any other. A JSON body is sent as JSON (content type
 * application/json, encoding utf-8, unless given); a string body as its text.
 */
final class MessageJson {

    private MessageJson() {
    }

    static MessageContext parse(String json) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The message is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The message must be a JSON object with body, properties and "
                    + "systemProperties");
        }
        Message.Builder message = Message.builder();
        JsonNode body = root.path("body");
        if (body.isTextual()) {
            message.body(body.asText().getBytes(StandardCharsets.UTF_8));
        } else if (!body.isMissingNode()) {
            message.body(body.toString().getBytes(StandardCharsets.UTF_8))
                    .contentType("application/json").contentEncoding("utf-8");
        }
        Map<String, String> applicationProperties = properties(root, "properties");
        Map<String, String> otherSystemProperties = new LinkedHashMap<>();
        properties(root, "systemProperties").forEach((name, value) -> {
            String queryName = name.startsWith("$") ? name.substring(1) : name;
            Optional<SystemProperty> known = SystemProperty.byQueryName(queryName);
            if (known.isPresent()) {
                message.systemProperty(known.get(), value);
            } else {
                otherSystemProperties.put(queryName, value);
            }
        });
        applicationProperties.forEach(message::applicationProperty);
        return MessageContext.of(message.build(), applicationProperties, otherSystemProperties);
    }

    /** The members of an object of properties: strings, numbers and booleans as their text, and null. */
    private static Map<String, String> properties(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(field + " must be an object of names and values");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode value = property.getValue();
            if (!value.isValueNode()) {
                throw new IllegalArgumentException("The " + field + " property '" + property.getKey()
                        + "' must be a string or null, not " + value);
            }
            properties.put(property.getKey(), value.isNull() ? null : value.asText());
        }
        return properties;
    }
}
