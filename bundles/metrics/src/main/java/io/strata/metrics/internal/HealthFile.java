package io.strata.metrics.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.json.Json;
import io.strata.api.metrics.SeenHealth;
import io.strata.api.node.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * The hub's last-seen health of every node, kept in one file so that a restarted hub still shows each
 * node's last report and its age: {@code {"nodes":[{"receivedAt":"...","health":{...}}]}}, the health
 * as nodes send it.
 */
final class HealthFile {

    private final Path file;

    HealthFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /**
     * The reports the file holds; none when there is no file yet.
     *
     * @throws IOException naming the file and what is wrong in it
     */
    Map<String, SeenHealth> read() throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException none) {
            return Map.of();
        }
        Map<String, SeenHealth> seen = new HashMap<>();
        try {
            for (JsonNode node : Json.mapper().readTree(content).path("nodes")) {
                JsonNode health = node.path("health");
                String deviceId = health.path("deviceId").asText();
                seen.put(deviceId, new SeenHealth(HealthJson.read(deviceId, health),
                        Instant.parse(node.path("receivedAt").asText())));
            }
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw new IOException(file + " is not a health file: " + e.getMessage(), e);
        }
        return seen;
    }

    /** Replaces the file whole, or leaves it as it was. */
    void write(Iterable<SeenHealth> reports) throws IOException {
        ObjectNode json = Json.mapper().createObjectNode();
        ArrayNode nodes = json.putArray("nodes");
        for (SeenHealth seen : reports) {
            nodes.addObject().put("receivedAt", seen.receivedAt().toString()).set("health",
                    HealthJson.tree(seen.health()));
        }
        PrivateFiles.writeAtomically(file, Json.write(json).getBytes(StandardCharsets.UTF_8));
    }
}
