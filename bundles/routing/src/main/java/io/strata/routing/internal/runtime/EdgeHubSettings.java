package io.strata.routing.internal.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.routing.internal.RouteParser;
import io.strata.routing.internal.RouteSyntaxException;
import io.strata.routing.internal.store.Destination;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The routing part of the {@code $edgeHub} desired properties, as a deployment manifest sets them:
 * {@code schemaVersion}, {@code routes} (name to route text, or to {@code {route, priority, timeToLiveSecs}})
 * and {@code storeAndForwardConfiguration.timeToLiveSecs}. A route that does not parse is kept with its
 * error, so the others still work; a section that is wrong as a whole is refused.
 *
 * @param routes     the valid routes by name
 * @param errors     the invalid routes by name: their text (or null) and what is wrong
 * @param timeToLive the store-and-forward time to live, or null when the section gives none
 */
record EdgeHubSettings(Map<String, ConfiguredRoute> routes, Map<String, RouteError> errors, Duration timeToLive) {

    /** The schema versions of the {@code $edgeHub} section this router understands. */
    static final Set<String> SCHEMA_VERSIONS = Set.of("1.0", "1.1", "1.2");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A route that is not in force. */
    record RouteError(String text, String problem) {
    }

    static EdgeHubSettings none() {
        return new EdgeHubSettings(Map.of(), Map.of(), null);
    }

    /**
     * @param desired the desired properties as JSON text
     * @throws InvalidSettingsException with the status code a manifest's lastDesiredStatus reports: 412 for a
     *         schema version this router does not know, 400 for anything else wrong with the section as a whole
     */
    static EdgeHubSettings parse(String desired) throws InvalidSettingsException {
        JsonNode root;
        try {
            root = MAPPER.readTree(desired);
        } catch (JsonProcessingException e) {
            throw new InvalidSettingsException(400, "the $edgeHub desired properties are not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSettingsException(400, "the $edgeHub desired properties must be a JSON object");
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.isTextual() || !SCHEMA_VERSIONS.contains(version.asText())) {
            throw new InvalidSettingsException(412, "$edgeHub schemaVersion " + (version == null ? "is missing" : version
                    + " is not supported") + ": use one of " + new TreeSet<>(SCHEMA_VERSIONS));
        }
        Duration timeToLive = storeAndForwardTimeToLive(root.get("storeAndForwardConfiguration"));
        Map<String, ConfiguredRoute> routes = new TreeMap<>();
        Map<String, RouteError> errors = new TreeMap<>();
        JsonNode routesNode = root.get("routes");
        if (routesNode != null && !routesNode.isNull()) {
            if (!routesNode.isObject()) {
                throw new InvalidSettingsException(400, "$edgeHub routes must be an object of named routes");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = routesNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getValue().isNull()) {
                    continue; // a merge patch removed it
                }
                parseRoute(entry.getKey(), entry.getValue(), routes, errors);
            }
        }
        return new EdgeHubSettings(routes, errors, timeToLive);
    }

    private static void parseRoute(String name, JsonNode node, Map<String, ConfiguredRoute> routes,
            Map<String, RouteError> errors) {
        String text = node.isTextual() ? node.asText() : node.path("route").isTextual() ? node.path("route").asText() : null;
        if (text == null) {
            errors.put(name, new RouteError(null, "a route is a string, or an object with a \"route\" string"));
            return;
        }
        int priority = Destination.UNPRIORITISED;
        Duration timeToLive = null;
        if (node.isObject()) {
            JsonNode priorityNode = node.get("priority");
            if (priorityNode != null && !priorityNode.isNull()) {
                if (!priorityNode.canConvertToExactIntegral() || priorityNode.asInt() < Destination.HIGHEST_PRIORITY
                        || priorityNode.asInt() > Destination.LOWEST_PRIORITY) {
                    errors.put(name, new RouteError(text, "priority must be an integer from 0 (highest) to 9, not "
                            + priorityNode));
                    return;
                }
                priority = priorityNode.asInt();
            }
            JsonNode ttlNode = node.get("timeToLiveSecs");
            if (ttlNode != null && !ttlNode.isNull()) {
                if (!ttlNode.canConvertToExactIntegral() || ttlNode.asLong() <= 0) {
                    errors.put(name, new RouteError(text, "timeToLiveSecs must be a positive integer, not " + ttlNode));
                    return;
                }
                timeToLive = Duration.ofSeconds(ttlNode.asLong());
            }
        }
        try {
            routes.put(name, new ConfiguredRoute(RouteParser.parse(name, text), priority, timeToLive));
        } catch (RouteSyntaxException e) {
            errors.put(name, new RouteError(text, e.getMessage()));
        }
    }

    private static Duration storeAndForwardTimeToLive(JsonNode section) throws InvalidSettingsException {
        if (section == null || section.isNull()) {
            return null;
        }
        JsonNode seconds = section.get("timeToLiveSecs");
        if (seconds == null || seconds.isNull()) {
            return null;
        }
        if (!seconds.canConvertToExactIntegral() || seconds.asLong() <= 0) {
            throw new InvalidSettingsException(400,
                    "storeAndForwardConfiguration.timeToLiveSecs must be a positive integer, not " + seconds);
        }
        return Duration.ofSeconds(seconds.asLong());
    }
}
