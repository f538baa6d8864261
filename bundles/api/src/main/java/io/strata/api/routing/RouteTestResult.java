package io.strata.api.routing;

/**
 * Whether a route takes a message, and why not.
 *
 * @param matched     whether the message would be routed
 * @param explanation what matched, or which part of the route did not
 */
public record RouteTestResult(boolean matched, String explanation) {
}
