package io.strata.edgehub.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import io.strata.api.message.Message;
import io.strata.api.module.InputHandler;
import io.strata.api.module.MethodHandler;
import io.strata.api.module.MethodResult;
import io.strata.api.module.ModuleClient;
import io.strata.api.routing.DeliveryReceipt;
import io.strata.api.routing.MessageRejectedException;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.Router;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinListener;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One module connected in-process. The module's handlers run on three serial lanes of their own
 * (inputs, methods, desired changes), so each sees its calls in order, and a slow method handler
 * holds up neither the module's messages nor its desired changes.
 */
final class InProcessModuleClient implements ModuleClient {

    /** The status of a method whose handler threw, as IoT Hub's SDKs answer then. */
    static final int HANDLER_FAILED = 500;

    private static final Logger LOG = LoggerFactory.getLogger(InProcessModuleClient.class);

    private final IdentityId identity;
    private final InProcessModules hub;
    private final Executor inputs;
    private final Executor methods;
    private final Executor desiredChanges;
    private final Map<String, InputHandler> inputHandlers = new ConcurrentHashMap<>();
    private final Map<String, MethodHandler> methodHandlers = new ConcurrentHashMap<>();
    private volatile TwinListener desiredListener;
    private volatile boolean closed;

    InProcessModuleClient(IdentityId identity, InProcessModules hub, Executor pool) {
        this.identity = identity;
        this.hub = hub;
        this.inputs = new SerialExecutor(pool);
        this.methods = new SerialExecutor(pool);
        this.desiredChanges = new SerialExecutor(pool);
    }

    @Override
    public IdentityId identity() {
        return identity;
    }

    /**
     * Routes the message as telemetry of this module. The edge hub stamps who sent it, on which
     * output and when; whatever the message said about these is replaced, and an input name it
     * carried from being received is dropped.
     *
     * @throws IllegalArgumentException when the output name is empty or holds a {@code /}
     */
    @Override
    public CompletionStage<Void> sendOutput(String outputName, Message message) {
        requireOpen();
        requireSegment("output name", outputName);
        Message stamped = stamp(message, outputName, hub.now());
        return routed(router -> router.route(MessageSource.TELEMETRY, stamped));
    }

    /**
     * Routes the messages, in order, as {@link #sendOutput} routes one, stored in one go; they share one enqueued
     * time.
     *
     * @throws IllegalArgumentException when the output name is empty or holds a {@code /}
     */
    @Override
    public CompletionStage<Void> sendOutputs(String outputName, List<Message> messages) {
        requireOpen();
        requireSegment("output name", outputName);
        Instant now = hub.now();
        Message[] stamped = new Message[messages.size()];
        for (int index = 0; index < stamped.length; index++) {
            stamped[index] = stamp(messages.get(index), outputName, now);
        }
        return routed(router -> router.route(MessageSource.TELEMETRY, Arrays.asList(stamped)));
    }

    private Message stamp(Message message, String outputName, Instant now) {
        return message.toBuilder()
                .connectionDeviceId(identity.deviceId())
                .connectionModuleId(identity.moduleId())
                .outputName(outputName)
                .inputName(null)
                .enqueuedTime(now)
                .build();
    }

    private CompletionStage<Void> routed(Function<Router, CompletionStage<Void>> route) {
        Optional<Router> router = hub.router();
        if (router.isEmpty()) {
            return CompletableFuture.failedFuture(new MessageRejectedException("no router is running yet"));
        }
        try {
            return route.apply(router.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Sets the handler of one input; null removes it. A new input handler has the router look for its messages at once. */
    @Override
    public void setInputHandler(String inputName, InputHandler handler) {
        requireOpen();
        requireSegment("input name", inputName);
        if (handler == null) {
            inputHandlers.remove(inputName);
        } else if (inputHandlers.put(inputName, handler) == null) {
            hub.startedListening();
        }
    }

    /** Sets the handler of one method; null removes it. */
    @Override
    public void setMethodHandler(String methodName, MethodHandler handler) {
        requireOpen();
        MethodCall.requireValidName(methodName);
        if (handler == null) {
            methodHandlers.remove(methodName);
        } else {
            methodHandlers.put(methodName, handler);
        }
    }

    @Override
    public Twin twin() {
        requireOpen();
        return hub.readTwin(identity);
    }

    @Override
    public long patchReported(String patch) {
        requireOpen();
        return hub.twins().patchReported(identity, patch);
    }

    /** Sets the listener of this module's desired changes; null removes it. */
    @Override
    public void setDesiredPropertiesListener(TwinListener listener) {
        requireOpen();
        desiredListener = listener;
    }

    @Override
    public MethodResult invokeMethod(IdentityId target, String methodName, String payload, Duration timeout) {
        requireOpen();
        return hub.directMethods()
                .orElseThrow(() -> new IllegalStateException("The edge hub's direct methods are not running"))
                .invoke(identity.toString(), target, methodName, payload, timeout);
    }

    /** Completes once the edge hub took the message; fails as {@link io.strata.api.module.CloudToDevice#send} throws. */
    @Override
    public CompletionStage<Void> sendToDevice(String deviceId, Message message) {
        requireOpen();
        try {
            hub.cloudToDevice()
                    .orElseThrow(() -> new IllegalStateException("The edge hub's cloud-to-device messages are not running"))
                    .send(deviceId, message);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Releases every handler and the listener; deliveries queued for them fail, and the router keeps those messages. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        inputHandlers.clear();
        methodHandlers.clear();
        desiredListener = null;
        hub.closed(this);
    }

    boolean listensForInputs() {
        return !closed && !inputHandlers.isEmpty();
    }

    /** Runs the input's handler on the inputs lane; completes when it returns, fails when it throws or there is none. */
    CompletionStage<Void> deliver(String inputName, Message message) {
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        deliver(inputName, List.of(message), new DeliveryReceipt() {
            @Override
            public void delivered(int index) {
                delivered.complete(null);
            }

            @Override
            public void failed(int index, Throwable failure) {
                delivered.completeExceptionally(failure);
            }
        });
        return delivered;
    }

    /**
     * Runs the input's handler on each message of the batch, in order, in one task on the inputs lane; each
     * message is delivered when the handler returns, and has failed when it throws or there is none. Messages
     * delivered one after the other are reported in one go, when the run ends.
     */
    void deliver(String inputName, List<Message> batch, DeliveryReceipt receipt) {
        Runnable delivery = () -> {
            int delivered = 0;
            for (int index = 0; index < batch.size(); index++) {
                Throwable failure = handle(inputName, batch.get(index));
                if (failure != null) {
                    reportDelivered(receipt, delivered, index);
                    receipt.failed(index, failure);
                    delivered = index + 1;
                }
            }
            reportDelivered(receipt, delivered, batch.size());
        };
        try {
            inputs.execute(delivery);
        } catch (RejectedExecutionException e) {
            IllegalStateException stopped = new IllegalStateException("The in-process edge hub has stopped", e);
            for (int index = 0; index < batch.size(); index++) {
                receipt.failed(index, stopped);
            }
        }
    }

    private static void reportDelivered(DeliveryReceipt receipt, int fromIndex, int toIndex) {
        if (fromIndex < toIndex) {
            receipt.delivered(fromIndex, toIndex);
        }
    }

    /** Runs the input's handler on the message: null when it returned, else why the message was not taken. */
    private Throwable handle(String inputName, Message message) {
        InputHandler handler = inputHandlers.get(inputName);
        if (handler == null) {
            return new IllegalStateException(identity + " has no handler for its input '" + inputName + "'");
        }
        try {
            handler.onMessage(message);
            return null;
        } catch (Throwable e) { // the module's code: whatever it throws, the router keeps the message
            return e;
        }
    }

    /** Calls the method's handler on the methods lane and waits for its answer at most {@code timeout}. */
    MethodResult answer(String methodName, String payload, Duration timeout) {
        if (!methodHandlers.containsKey(methodName)) {
            return notFound(methodName);
        }
        CompletableFuture<MethodResult> answer = new CompletableFuture<>();
        try {
            methods.execute(() -> {
                if (!answer.isDone()) { // a call that timed out while queued is not made any more
                    answer.complete(call(methodName, payload));
                }
            });
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return notFound(methodName);
        } catch (TimeoutException e) {
            answer.cancel(false);
            return MethodResult.timedOut(identity, methodName, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + identity + " to answer " + methodName, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("unreachable: the answer is only ever completed normally", e);
        }
    }

    /** Tells the module's listener, if any, on the desired changes lane. */
    void desiredChanged(DesiredChange change) {
        if (desiredListener == null) {
            return;
        }
        try {
            desiredChanges.execute(() -> {
                TwinListener listener = desiredListener;
                if (listener == null) {
                    return;
                }
                try {
                    listener.desiredChanged(change);
                } catch (Throwable e) { // the module's code
                    LOG.warn("The desired properties listener of {} failed on version {}", identity, change.version(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Desired change {} of {} not passed on: the in-process edge hub has stopped", change.version(),
                    identity);
        }
    }

    private MethodResult call(String methodName, String payload) {
        MethodHandler handler = methodHandlers.get(methodName);
        if (handler == null) {
            return notFound(methodName);
        }
        try {
            MethodResult result = handler.invoke(methodName, payload);
            return result != null ? result : new MethodResult(HANDLER_FAILED,
                    Json.message(identity + " answered " + methodName + " with nothing"));
        } catch (Throwable e) { // the module's code
            LOG.warn("The handler of method {} of {} failed", methodName, identity, e);
            return new MethodResult(HANDLER_FAILED, Json.message(identity + " failed to answer " + methodName
                    + ": " + e));
        }
    }

    private MethodResult notFound(String methodName) {
        return new MethodResult(MethodResult.NOT_FOUND,
                Json.message(identity + " has no handler for method " + methodName));
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("The module client of " + identity + " is closed: by close(), by a newer"
                    + " connect of the same module, or because its identity was disabled or removed");
        }
    }

    private static void requireSegment(String what, String name) {
        if (name == null || name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("Invalid " + what + " '" + name + "': it must be non-empty, without /");
        }
    }
}
