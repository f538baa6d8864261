package io.strata.site.internal;

import java.util.Locale;

/** How a node links to its parent, as {@code upstreamProtocol} in {@code etc/io.strata.node.cfg} says it. */
enum UpstreamProtocol {
    AMQP(5671),
    MQTT(8883);

    private final int defaultPort;

    UpstreamProtocol(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    int defaultPort() {
        return defaultPort;
    }

    /** The value of {@code upstreamProtocol}. */
    String setting() {
        return name().toLowerCase(Locale.ROOT);
    }
}
