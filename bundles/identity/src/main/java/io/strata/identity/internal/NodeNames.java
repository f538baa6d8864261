package io.strata.identity.internal;

import io.strata.api.node.NodeSettings;

/**
 * This node's hostname and its own edge device id, with the defaults of {@code io.strata.node.cfg}
 * applied.
 */
record NodeNames(String hostname, String deviceId) {

    static NodeNames of(NodeConfig config) {
        return new NodeNames(NodeSettings.hostname(config.hostname()),
                NodeSettings.deviceId(config.deviceId(), config.hostname()));
    }
}
