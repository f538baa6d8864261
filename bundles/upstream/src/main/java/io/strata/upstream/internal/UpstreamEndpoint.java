package io.strata.upstream.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.routing.Endpoint;
import java.util.concurrent.CompletionStage;

/**
 * The {@code $upstream} sink on a node with a parent: each message goes on the telemetry link of
 * the identity it came from, on behalf of this node, and counts as delivered once the parent accepted
 * it. While the parent is out of reach the router keeps the messages queued.
 */
final class UpstreamEndpoint implements Endpoint {

    private final Upstream upstream;
    private final String ownDeviceId;

    UpstreamEndpoint(Upstream upstream, String ownDeviceId) {
        this.upstream = upstream;
        this.ownDeviceId = ownDeviceId;
    }

    @Override
    public String id() {
        return "parent"; // whichever protocol the link speaks
    }

    @Override
    public boolean isReady() {
        return upstream.isConnected();
    }

    @Override
    public int maxInFlight() {
        return upstream.maxTelemetryInFlight();
    }

    @Override
    public CompletionStage<Void> deliver(Message message) {
        return upstream.sendTelemetry(origin(message), message);
    }

    /** Who sent it; a message without a connection device id is this node's own. */
    private IdentityId origin(Message message) {
        String device = message.connectionDeviceId().orElse(ownDeviceId);
        return message.connectionModuleId().map(module -> IdentityId.module(device, module))
                .orElse(IdentityId.device(device));
    }
}
