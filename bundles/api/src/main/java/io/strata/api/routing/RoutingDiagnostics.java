package io.strata.api.routing;

import java.util.List;

/**
 * What the router does, for operators: the routes in force, the endpoint queues, and a dry run of
 * one route against one message. Read-only; the shell and remote management use it.
 */
public interface RoutingDiagnostics {

    /** The routes of the {@code $edgeHub} desired properties, valid or not, in name order. */
    List<RouteStatus> routes();

    /** Every endpoint with a queue or a route, in id order. */
    List<EndpointStatus> endpoints();

    /**
     * Evaluates a route against a message without routing it.
     *
     * @param route   a route as written in a manifest
     * @param message the message as JSON:
     *                {@code {"body": <JSON value or text>, "properties": {"name": "value"},
     *                "systemProperties": {"$contentType": "application/json", "$connectionModuleId": "m", ...}}};
     *                a JSON body gets content type application/json and encoding utf-8 unless given
     * @throws IllegalArgumentException naming the line and column of a syntax error in the route, or what is
     *         wrong with the message JSON
     */
    RouteTestResult test(String route, String message);
}
