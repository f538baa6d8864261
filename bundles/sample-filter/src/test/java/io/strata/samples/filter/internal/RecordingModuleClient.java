package io.strata.samples.filter.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.module.InputHandler;
import io.strata.api.module.MethodHandler;
import io.strata.api.module.MethodResult;
import io.strata.api.module.ModuleClient;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A module client that accepts every output at once and records what the module did. */
final class RecordingModuleClient implements ModuleClient {

    final IdentityId identity;
    final Map<String, InputHandler> inputs = new HashMap<>();
    final List<Message> outputs = new ArrayList<>();
    final List<String> reported = new ArrayList<>();
    String desired = "{}";
    TwinListener desiredListener;

    RecordingModuleClient(IdentityId identity) {
        this.identity = identity;
    }

    @Override
    public IdentityId identity() {
        return identity;
    }

    @Override
    public CompletionStage<Void> sendOutput(String outputName, Message message) {
        outputs.add(message.toBuilder().outputName(outputName).build());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void setInputHandler(String inputName, InputHandler handler) {
        inputs.put(inputName, handler);
    }

    @Override
    public void setMethodHandler(String methodName, MethodHandler handler) {
        throw new UnsupportedOperationException("the filter has no methods");
    }

    @Override
    public Twin twin() {
        return new Twin(identity, desired, 1, "{}", 0);
    }

    @Override
    public long patchReported(String patch) {
        reported.add(patch);
        return reported.size();
    }

    @Override
    public void setDesiredPropertiesListener(TwinListener listener) {
        desiredListener = listener;
    }

    @Override
    public MethodResult invokeMethod(IdentityId target, String methodName, String payload, Duration timeout) {
        throw new UnsupportedOperationException("the filter invokes no methods");
    }

    @Override
    public CompletionStage<Void> sendToDevice(String deviceId, Message message) {
        throw new UnsupportedOperationException("the filter sends nothing to devices");
    }

    @Override
    public void close() {
        inputs.clear();
        desiredListener = null;
    }
}
