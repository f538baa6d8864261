package io.strata.routing.internal.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.json.Json;
import io.strata.api.routing.InvalidEdgeHubSettingsException;
import io.strata.routing.internal.lang.RouteParser;
import io.strata.routing.internal.lang.RouteSyntaxException;
import io.strata.routing.internal.store.Destination;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The routing part of the {@code $edgeHub} desired properties, as a deployment manifest sets them:
 * {@code schemaVersion}, {@code routes} (name to route text, or to {@code {route, priority, timeToLiveSecs}})
 * and {@code storeAndForwardConfiguration.timeToLiveSecs}. They are taken whole or not at all, as IoT
 * Edge's hub takes them: one route that does not compile refuses the section, so that no route in
 * force is dropped and no message it carried is lost to a typo.
 *
 * @param routes     the routes by name
 * @param timeToLive the store-and-forward time to live, or null when the section gives none
 */
record EdgeHubSettings(Map<String, ConfiguredRoute> routes, Duration timeToLive) {

    /** The schema versions of the {@code $edgeHub} section this router understands. */
    static final Set<String> SCHEMA_VERSIONS = Set.of("1.0", "1.1", "1.2");

    static EdgeHubSettings none() {
        return new EdgeHubSettings(Map.of(), null);
    }

    /**
     * @param desired the desired properties as JSON text
     * @throws InvalidEdgeHubSettingsException with the status code a manifest's lastDesiredStatus reports: 412
     *         for a schema version this router does not know, 400 for anything else, naming every refused route
     */
    static EdgeHubSettings parse(String desired) throws InvalidEdgeHubSettingsException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(desired);
        } catch (JsonProcessingException e) {
            throw new InvalidEdgeHubSettingsException(400, "the $edgeHub desired properties are not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEdgeHubSettingsException(400, "the $edgeHub desired properties must be a JSON object");
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.isTextual() || !SCHEMA_VERSIONS.contains(version.asText())) {
            throw new InvalidEdgeHubSettingsException(412, "$edgeHub schemaVersion " + (version == null ? "is missing" : version
                    + " is not supported") + ": use one of " + new TreeSet<>(SCHEMA_VERSIONS));
        }
        Duration timeToLive = storeAndForwardTimeToLive(root.get("storeAndForwardConfiguration"));
        Map<String, ConfiguredRoute> routes = new TreeMap<>();
        Map<String, String> problems = new TreeMap<>();
        JsonNode routesNode = root.get("routes");
        if (routesNode != null && !routesNode.isNull()) {
            if (!routesNode.isObject()) {
                throw new InvalidEdgeHubSettingsException(400, "$edgeHub routes must be an object of named routes");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = routesNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getValue().isNull()) {
                    continue; // a merge patch removed it
                }
                try {
                    routes.put(entry.getKey(), parseRoute(entry.getKey(), entry.getValue()));
                } catch (IllegalArgumentException e) {
                    problems.put(entry.getKey(), e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEdgeHubSettingsException(400, "$edgeHub routes refused, the routes in force stay: "
                    + problems.entrySet().stream().map(problem -> "route '" + problem.getKey() + "': " + problem.getValue())
                            .collect(Collectors.joining("; ")));
        }
        return new EdgeHubSettings(routes, timeToLive);
    }

    /** @throws IllegalArgumentException saying what is wrong with the route; a {@link RouteSyntaxException} names its column */
    private static ConfiguredRoute parseRoute(String name, JsonNode node) {
        String text = node.isTextual() ? node.asText() : node.path("route").isTextual() ? node.path("route").asText() : null;
        if (text == null) {
            throw new IllegalArgumentException("a route is a string, or an object with a \"route\" string");
        }
        int priority = Destination.UNPRIORITISED;
        Duration timeToLive = null;
        if (node.isObject()) {
            JsonNode priorityNode = node.get("priority");
            if (priorityNode != null && !priorityNode.isNull()) {
                if (!priorityNode.canConvertToExactIntegral() || priorityNode.asInt() < Destination.HIGHEST_PRIORITY
                        || priorityNode.asInt() > Destination.LOWEST_PRIORITY) {
                    throw new IllegalArgumentException("priority must be an integer from 0 (highest) to 9, not "
                            + priorityNode);
                }
                priority = priorityNode.asInt();
            }
            JsonNode ttlNode = node.get("timeToLiveSecs");
            if (ttlNode != null && !ttlNode.isNull()) {
                if (!ttlNode.canConvertToExactIntegral() || ttlNode.asLong() <= 0) {
                    throw new IllegalArgumentException("timeToLiveSecs must be a positive integer, not " + ttlNode);
                }
                timeToLive = Duration.ofSeconds(ttlNode.asLong());
            }
        }
        return new ConfiguredRoute(RouteParser.parse(name, text), priority, timeToLive);
    }

    private static Duration storeAndForwardTimeToLive(JsonNode section) throws InvalidEdgeHubSettingsException {
        if (section == null || section.isNull()) {
            return null;
        }
        JsonNode seconds = section.get("timeToLiveSecs");
        if (seconds == null || seconds.isNull()) {
            return null;
        }
        if (!seconds.canConvertToExactIntegral() || seconds.asLong() <= 0) {
            throw new InvalidEdgeHubSettingsException(400,
                    "storeAndForwardConfiguration.timeToLiveSecs must be a positive integer, not " + seconds);
        }
        return Duration.ofSeconds(seconds.asLong());
    }
}
