package io.strata.api.routing;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the router does, for operators: the routes in force, the endpoint queues, and a dry run of
 * one route against one message. Read-only; the shell and remote management use it.
 */
@ProviderType
public interface RoutingDiagnostics {

    /**
     * The routes in force, in name order: those of the last {@code $edgeHub} desired properties the router
     * took. Desired properties with a route that does not compile are refused whole, and their
     * {@code lastDesiredStatus} (400) names it.
     */
    List<RouteStatus> routes();

    /**
     * How many messages no route took since the node started, by where they came from
     * ({@code device sensor-1}, {@code module edge-1/filter through output out}): the edge hub drops them,
     * as IoT Edge's does.
     */
    Map<String, Long> unrouted();

    /**
     * The telemetry the router took since the node started, routed or not, by sender and output. A router
     * that does not count it returns an empty list, and the {@code edgehub_messages_received_total} metric is
     * then left out.
     */
    default List<ReceivedCount> received() {
        return List.of();
    }

    /** Every endpoint with a queue or a route, in id order. */
    List<EndpointStatus> endpoints();

    /**
     * Evaluates a route against a message without routing it.
     *
     * @param route   a route as written in a manifest
     * @param message the message as JSON:
     *                {@code {"body": <JSON value or text>, "properties": {"name": "value", "empty": null},
     *                "systemProperties": {"$contentType": "application/json", "$connectionModuleId": "m", ...}}};
     *                property values are strings or null, system properties may be any (IoT Hub's own or
     *                others, such as {@code $iothub-connection-auth-method}); a JSON body gets content type
     *                application/json and encoding utf-8 unless given
     * @throws IllegalArgumentException naming the line and column of a syntax error in the route, or what is
     *         wrong with the message JSON
     */
    RouteTestResult test(String route, String message);
}
