package io.strata.amqp.internal.upstream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.module.CloudToDevice;
import io.strata.api.module.DirectMethods;
import io.strata.api.module.MethodResult;
import io.strata.api.node.ParentNode;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the parent's messages do on this node, whatever the protocol that carries them: identities
 * and twin sections through {@link ParentNode}, methods and cloud-to-device messages to the edge
 * hub. Runs off the event loop, as all of it stores or waits.
 */
final class LocalNode {

    private final ParentNode parent;
    private final Supplier<Optional<DirectMethods>> methods;
    private final Supplier<Optional<CloudToDevice>> cloudToDevice;

    LocalNode(ParentNode parent, Supplier<Optional<DirectMethods>> methods,
            Supplier<Optional<CloudToDevice>> cloudToDevice) {
        this.parent = parent;
        this.methods = methods;
        this.cloudToDevice = cloudToDevice;
    }

    /** Identity snapshots and twin sections, exchanged with the parent as they are. */
    ParentNode parent() {
        return parent;
    }

    /**
     * Calls a method on a device or module of this node's edge hub; blocks up to {@code timeout}. A
     * call this node cannot make is answered as the parent's own edge hub would answer it.
     */
    MethodResult invoke(IdentityId target, String method, String payload, Duration timeout) {
        Optional<DirectMethods> direct = methods.get();
        if (direct.isEmpty()) {
            return new MethodResult(MethodResult.NOT_FOUND, error("no edge hub runs on the node of " + target));
        }
        try {
            return direct.get().invoke(target, method, payload, timeout);
        } catch (IllegalArgumentException e) {
            return new MethodResult(400, error(e.getMessage()));
        }
    }

    /**
     * Hands a cloud-to-device message to the edge hub.
     *
     * @throws IllegalStateException when no edge hub runs here
     * @throws IllegalArgumentException when the device does not belong to this node
     */
    void sendToDevice(String deviceId, Message message) {
        cloudToDevice.get().orElseThrow(() -> new IllegalStateException("No edge hub runs on this node to take "
                + "a cloud-to-device message for " + deviceId)).send(deviceId, message);
    }

    private static String error(String message) {
        return JsonNodeFactory.instance.objectNode().put("message", message).toString();
    }
}
