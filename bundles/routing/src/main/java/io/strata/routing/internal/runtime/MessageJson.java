package io.strata.routing.internal.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.api.message.Message;
import io.strata.api.message.SystemProperty;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * A message written as JSON for {@code edge:routes-test}:
 * {@code {"body": ..., "properties": {...}, "systemProperties": {"$contentType": ..., ...}}}. System
 * properties go by the names routes use for them. A JSON body is sent as JSON (content type
 * application/json, encoding utf-8, unless given); a string body as its text.
 */
final class MessageJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MessageJson() {
    }

    static Message parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
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
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            message.applicationProperty(property.getKey(), property.getValue().asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("systemProperties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String name = property.getKey().startsWith("$") ? property.getKey().substring(1) : property.getKey();
            SystemProperty system = SystemProperty.byQueryName(name).orElseThrow(() -> new IllegalArgumentException(
                    "Unknown system property '" + property.getKey() + "': use $messageId, $contentType, "
                            + "$contentEncoding, $connectionDeviceId, $connectionModuleId, $outputName, ..."));
            message.systemProperty(system, property.getValue().asText());
        }
        return message.build();
    }
}
