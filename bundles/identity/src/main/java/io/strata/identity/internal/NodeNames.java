package io.strata.identity.internal;

import io.strata.api.node.NodeSettings;

/**
 * This node's hostname and its own edge device id, with the defaults of {@code io.strata.node.cfg}
 * applied.
 */
record NodeNames(String hostname, String deviceId) {

    static NodeNames of(NodeConfig config) {
        String hostname = NodeSettings.hostname(config.hostname());
        String deviceId = config.deviceId().trim();
        return new NodeNames(hostname, deviceId.isEmpty() ? hostname : deviceId);
    }
}
