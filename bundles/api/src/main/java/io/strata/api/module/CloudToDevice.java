package io.strata.api.module;

import io.strata.api.message.Message;
import org.osgi.annotation.versioning.ProviderType;

/** Sends cloud-to-device messages to the devices of this node's edge hub. */
@ProviderType
public interface CloudToDevice {

    /**
     * Queues a message for a device: it gets it now if it is connected and subscribed, or when a
     * persistent session that subscribed before comes back.
     *
     * @throws IllegalArgumentException when the device is not one that may connect to this node
     * @throws IllegalStateException    when the edge hub is not running
     */
    void send(String deviceId, Message message);
}
