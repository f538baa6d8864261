package io.strata.api.module;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinListener;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A module's connection to its edge hub when the module runs inside the node. It offers what the
 * IoT Hub module SDKs offer over MQTT or AMQP: outputs, inputs, twin, direct methods and
 * cloud-to-device messages. Closing it releases every handler it registered.
 */
public interface ModuleClient extends AutoCloseable {

    IdentityId identity();

    /** Sends a message on an output; completes when the edge hub has durably accepted it. */
    CompletionStage<Void> sendOutput(String outputName, Message message);

    void setInputHandler(String inputName, InputHandler handler);

    void setMethodHandler(String methodName, MethodHandler handler);

    Twin twin();

    /** Patches the module's reported properties; returns the new reported version. */
    long patchReported(String patch);

    void setDesiredPropertiesListener(TwinListener listener);

    /** Invokes a direct method on a device or module and waits at most {@code timeout} for it. */
    MethodResult invokeMethod(IdentityId target, String methodName, String payload, Duration timeout);

    /** Sends a cloud-to-device message to a device served by this node or below it. */
    CompletionStage<Void> sendToDevice(String deviceId, Message message);

    @Override
    void close();
}
