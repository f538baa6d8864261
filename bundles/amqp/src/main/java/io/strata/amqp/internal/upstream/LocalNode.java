package io.strata.amqp.internal.upstream;

import io.strata.api.identity.IdentityId;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.strata.amqp.internal.protocol.IdentitySnapshot;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.message.Message;
import io.strata.api.module.CloudToDevice;
import io.strata.api.module.DirectMethods;
import io.strata.api.module.MethodResult;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinService;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the parent's messages do on this node: identities into the registry, desired sections into
 * the twins, methods and cloud-to-device messages to the edge hub. Runs off the event loop, as all
 * of it stores or waits.
 */
final class LocalNode {

    private final IdentitySync identities;
    private final TwinService twins;
    private final Supplier<Optional<DirectMethods>> methods;
    private final Supplier<Optional<CloudToDevice>> cloudToDevice;

    LocalNode(IdentityRegistry registry, TwinService twins, Supplier<Optional<DirectMethods>> methods,
            Supplier<Optional<CloudToDevice>> cloudToDevice, String ownDeviceId) {
        this.identities = new IdentitySync(registry, ownDeviceId);
        this.twins = twins;
        this.methods = methods;
        this.cloudToDevice = cloudToDevice;
    }

    /** Applies an identity snapshot of the parent. */
    void identities(String snapshot) {
        identities.apply(IdentitySnapshot.fromJson(snapshot));
    }

    /** Makes a desired section the parent's; the twin's listeners react as to a patch. */
    void desired(IdentityId identity, String section, long version) {
        twins.syncDesired(identity, section, version);
    }

    /** The twins whose reported section the parent should mirror. */
    List<Twin> reportedTwins() {
        return twins.twins().stream().map(twins::get).filter(twin -> twin.reportedVersion() > 0).toList();
    }

    Twin twin(IdentityId identity) {
        return twins.get(identity);
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
