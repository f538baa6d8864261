package io.strata.api.metrics;

import java.time.Instant;

/**
 * One node's health as it measured it, the figures an operator looks at first.
 *
 * @param deviceId         the node's edge device
 * @param measuredAt       when the node measured it, by its own clock
 * @param upstream         the link to its parent: {@code CONNECTED}, {@code CONNECTING}, {@code DISCONNECTED},
 *                         or {@code NONE} on the top node
 * @param queuedMessages   messages waiting in all its endpoint queues
 * @param deliveredMessages messages its endpoints delivered since it started
 * @param unroutedMessages messages no route took since it started
 * @param connectedClients devices and modules connected to its edge hub
 * @param failedModules    deployed modules whose runtime status is {@code failed}, {@code backoff} or
 *                         {@code unhealthy}
 */
public record NodeHealth(String deviceId, Instant measuredAt, String upstream, long queuedMessages,
        long deliveredMessages, long unroutedMessages, int connectedClients, int failedModules) {
}
