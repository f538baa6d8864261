package io.strata.api.metrics;

import java.time.Instant;

/**
 * A node's last health report as the hub received it.
 *
 * @param health     what the node reported
 * @param receivedAt when it reached the hub's event log, by the hub's clock
 */
public record SeenHealth(NodeHealth health, Instant receivedAt) {
}
