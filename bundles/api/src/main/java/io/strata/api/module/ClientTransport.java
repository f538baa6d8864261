package io.strata.api.module;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.routing.DeliveryReceipt;
import io.strata.api.routing.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service of one way devices and modules reach the edge hub: MQTT, AMQP, or in-process
 * module clients. The edge hub sends module inputs, direct methods and cloud-to-device messages
 * through the transport that serves the target, so a new protocol adapter is one more service.
 */
@ConsumerType
public interface ClientTransport {

    /** Whether the device or module is connected through this transport now. */
    boolean isConnected(IdentityId client);

    /** Whether the module is connected and listens for messages on its inputs. */
    boolean listensForInputs(IdentityId module);

    /**
     * Delivers a routed message to one input of a module. The stage completes once the module has
     * acknowledged it, and fails when the module is gone or does not listen, so the router keeps it.
     */
    CompletionStage<Void> deliverToInput(IdentityId module, String input, Message message);

    /**
     * Delivers routed messages to one input of a module, in order, in one call, and reports each one's
     * outcome to the receipt as {@link #deliverToInput(IdentityId, String, Message)} would complete.
     * The default delivers them one by one; a transport that can hand several over at once overrides it.
     */
    default void deliverToInput(IdentityId module, String input, List<Message> batch, DeliveryReceipt receipt) {
        for (int index = 0; index < batch.size(); index++) {
            Message message = batch.get(index);
            receipt.follow(index, () -> deliverToInput(module, input, message));
        }
    }

    /**
     * How many messages to a module's inputs may be in flight through this transport at once, delivered
     * but not yet acknowledged: for MQTT, up to the packet-id limit of the module's session.
     */
    default int maxInFlight(IdentityId module) {
        return Endpoint.DEFAULT_MAX_IN_FLIGHT;
    }

    /**
     * Calls a direct method on a connected device or module and waits at most {@code timeout}.
     *
     * @return the answer, {@link MethodResult#NOT_FOUND} when the target does not listen for methods,
     *         {@link MethodResult#TIMEOUT} when it did not answer in time
     */
    MethodResult invokeMethod(IdentityId target, String methodName, String payload, Duration timeout);

    /**
     * Hands a cloud-to-device message to the transport for a device: delivered now when the device
     * is connected and subscribed, or when its persistent session returns.
     */
    void sendToDevice(IdentityId device, Message message);
}
