package io.strata.edgehub.internal;

import io.strata.api.node.NodeSettings;

/** This node's own edge device id, whose modules the edge hub serves in-process and as route sinks. */
final class NodeDeviceId {

    private NodeDeviceId() {
    }

    /** {@code deviceId}, or the hostname when it is empty, as {@code etc/io.strata.node.cfg} says. */
    static String of(NodeConfig config) {
        String deviceId = config.deviceId().trim();
        return deviceId.isEmpty() ? NodeSettings.hostname(config.hostname()) : deviceId;
    }
}
