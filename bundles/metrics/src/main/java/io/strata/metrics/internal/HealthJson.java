package io.strata.metrics.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.json.Json;
import io.strata.api.metrics.NodeHealth;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A health report's body: {@link NodeHealth} as JSON, with IoT Edge-like camel-case names. */
final class HealthJson {

    private HealthJson() {
    }

    static byte[] write(NodeHealth health) {
        return Json.write(tree(health)).getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode tree(NodeHealth health) {
        return Json.mapper().createObjectNode()
                .put("deviceId", health.deviceId())
                .put("measuredAt", health.measuredAt().toString())
                .put("upstream", health.upstream())
                .put("queuedMessages", health.queuedMessages())
                .put("deliveredMessages", health.deliveredMessages())
                .put("unroutedMessages", health.unroutedMessages())
                .put("connectedClients", health.connectedClients())
                .put("failedModules", health.failedModules());
    }

    /**
     * @param deviceId the device that sent it, as the edge hub stamped the message: the body's own
     *                 {@code deviceId} is not trusted
     * @throws IllegalArgumentException naming what is wrong with the body
     */
    static NodeHealth read(String deviceId, byte[] body) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("a health report from " + deviceId + " is not JSON: "
                    + (e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e), e);
        }
        return read(deviceId, json);
    }

    /** As {@link #read(String, byte[])}, from the parsed body. */
    static NodeHealth read(String deviceId, JsonNode json) {
        try {
            return new NodeHealth(deviceId, Instant.parse(json.path("measuredAt").asText()),
                    json.path("upstream").asText(HealthProbe.NO_UPSTREAM), json.path("queuedMessages").asLong(),
                    json.path("deliveredMessages").asLong(), json.path("unroutedMessages").asLong(),
                    json.path("connectedClients").asInt(), json.path("failedModules").asInt());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a health report from " + deviceId + " has no valid measuredAt: "
                    + json.path("measuredAt"), e);
        }
    }
}
