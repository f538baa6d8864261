package io.strata.api.module;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A module's connection to its edge hub when the module runs inside the node. It offers what the
 * IoT Hub module SDKs offer over MQTT or AMQP: outputs, inputs, twin, direct methods and
 * cloud-to-device messages. Closing it releases every handler it registered; so does disabling or
 * removing the module's identity, or connecting the module again. A closed client throws
 * {@link IllegalStateException} from every method but {@link #identity()} and {@link #close()}.
 */
@ProviderType
public interface ModuleClient extends AutoCloseable {

    IdentityId identity();

    /**
     * Sends a message on an output; completes when the edge hub has durably accepted it, and fails
     * with {@link io.strata.api.routing.MessageRejectedException} when it refuses it (while no router
     * runs, say). The edge hub sets the connection ids, output name and enqueued time itself.
     */
    CompletionStage<Void> sendOutput(String outputName, Message message);

    /**
     * Sends several messages on an output, in order, as {@link #sendOutput} sends one; completes when the edge hub
     * has durably accepted all of them, and fails when it refuses any (the others may have been accepted: a sender
     * that sends the batch again may cause duplicates, as at-least-once allows). The edge hub may store the batch in
     * one go, which costs far less per message than sending them one by one. The default sends them one by one.
     *
     * @since 1.3.0
     */
    default CompletionStage<Void> sendOutputs(String outputName, List<Message> messages) {
        CompletableFuture<?>[] sent = new CompletableFuture<?>[messages.size()];
        for (int index = 0; index < sent.length; index++) {
            sent[index] = sendOutput(outputName, messages.get(index)).toCompletableFuture();
        }
        return CompletableFuture.allOf(sent);
    }

    /**
     * Sets the handler of one input, replacing any it had; null removes it. Each module's messages
     * reach its handlers one at a time, in order.
     */
    void setInputHandler(String inputName, InputHandler handler);

    /** Sets the handler of one direct method, replacing any it had; null removes it. */
    void setMethodHandler(String methodName, MethodHandler handler);

    Twin twin();

    /** Patches the module's reported properties; returns the new reported version. */
    long patchReported(String patch);

    /** Sets the listener told about changes of this module's desired properties only; null removes it. */
    void setDesiredPropertiesListener(TwinListener listener);

    /** Invokes a direct method on a device or module and waits at most {@code timeout} for it. */
    MethodResult invokeMethod(IdentityId target, String methodName, String payload, Duration timeout);

    /** Sends a cloud-to-device message to a device served by this node or below it. */
    CompletionStage<Void> sendToDevice(String deviceId, Message message);

    @Override
    void close();
}
