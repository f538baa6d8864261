package io.strata.api.node;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.module.MethodResult;
import java.time.Duration;

/**
 * What the parent's messages do on this node, whatever the protocol that carries them. Its calls
 * store or wait: a {@link ParentSession} makes them off its event loop.
 */
public interface LocalNode {

    /** Identity snapshots and twin sections, exchanged with the parent as they are. */
    ParentNode parent();

    /**
     * Calls a method on a device or module of this node's edge hub; blocks up to {@code timeout}. A
     * call this node cannot make is answered as the parent's own edge hub would answer it.
     */
    MethodResult invoke(IdentityId target, String method, String payload, Duration timeout);

    /**
     * Hands a cloud-to-device message to the edge hub.
     *
     * @throws IllegalStateException when no edge hub runs here
     * @throws IllegalArgumentException when the device does not belong to this node
     */
    void sendToDevice(String deviceId, Message message);
}
