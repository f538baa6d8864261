package io.strata.upstream.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import io.strata.api.message.Message;
import io.strata.api.module.CloudToDevice;
import io.strata.api.module.DirectMethods;
import io.strata.api.module.MethodResult;
import io.strata.api.node.LocalNode;
import io.strata.api.node.ParentNode;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the parent's messages do on this node, whatever the protocol that carries them: identities
 * and twin sections through {@link ParentNode}, methods and cloud-to-device messages to the edge
 * hub, while it is there.
 */
final class LocalNodeServices implements LocalNode {

    private final ParentNode parent;
    private final Supplier<Optional<DirectMethods>> methods;
    private final Supplier<Optional<CloudToDevice>> cloudToDevice;

    LocalNodeServices(ParentNode parent, Supplier<Optional<DirectMethods>> methods,
            Supplier<Optional<CloudToDevice>> cloudToDevice) {
        this.parent = parent;
        this.methods = methods;
        this.cloudToDevice = cloudToDevice;
    }

    @Override
    public ParentNode parent() {
        return parent;
    }

    @Override
    public MethodResult invoke(IdentityId target, String method, String payload, Duration timeout) {
        Optional<DirectMethods> direct = methods.get();
        if (direct.isEmpty()) {
            return new MethodResult(MethodResult.NOT_FOUND, Json.message("no edge hub runs on the node of " + target));
        }
        try {
            return direct.get().invoke(DirectMethods.FROM_UPSTREAM, target, method, payload, timeout);
        } catch (IllegalArgumentException e) {
            return new MethodResult(400, Json.message(e.getMessage()));
        }
    }

    @Override
    public void sendToDevice(String deviceId, Message message) {
        cloudToDevice.get().orElseThrow(() -> new IllegalStateException("No edge hub runs on this node to take "
                + "a cloud-to-device message for " + deviceId)).send(deviceId, message);
    }
}
