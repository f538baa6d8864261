package io.strata.shell.internal.topology;

import io.strata.api.metrics.NodeHealth;
import io.strata.api.metrics.SeenHealth;
import java.time.Duration;
import java.time.Instant;

/** A node's last-seen health in one table cell: its figures, then how long ago the hub received them. */
final class HealthText {

    private HealthText() {
    }

    static String of(SeenHealth seen, Instant now) {
        NodeHealth health = seen.health();
        return "queued " + health.queuedMessages() + ", upstream " + health.upstream() + ", "
                + health.connectedClients() + " clients, " + health.failedModules() + " failed modules, "
                + age(Duration.between(seen.receivedAt(), now)) + " ago";
    }

    /** Seconds under two minutes, minutes under two hours, then hours. */
    static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        return seconds / 3600 + " h";
    }
}
