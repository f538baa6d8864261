package io.strata.api.routing;

import java.time.Duration;

/**
 * One route in force.
 *
 * @param name       the route's name in the manifest
 * @param text       the route as written
 * @param priority   0 (highest) to 9, or -1 when the route has none (delivered after every prioritised one)
 * @param timeToLive how long its messages wait for delivery before they are dropped
 * @param matched    how many messages it matched since the node started
 */
public record RouteStatus(String name, String text, int priority, Duration timeToLive, long matched) {
}
