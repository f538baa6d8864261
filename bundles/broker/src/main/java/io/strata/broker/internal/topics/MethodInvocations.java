package io.strata.broker.internal.topics;

import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import io.strata.api.module.MethodResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct methods over MQTT as IoT Hub invokes them: the request goes to the target on
 * {@code $iothub/methods/POST/{method}/?$rid={rid}}, and the target answers on
 * {@code $iothub/methods/res/{status}/?$rid={rid}}. A target in the subtree of a connected child
 * node gets it through that node's topics ({@link NodeTopics}), and the node answers. Only the client
 * a request went to can answer it.
 */
public final class MethodInvocations {

    private static final Logger LOG = LoggerFactory.getLogger(MethodInvocations.class);

    private record Invocation(IdentityId target, String rid) {
    }

    private final ClientPublisher publisher;
    private final Function<IdentityId, Optional<String>> carrier;
    private final AtomicLong lastRid = new AtomicLong();
    private final Map<Invocation, CompletableFuture<MethodResult>> waiting = new ConcurrentHashMap<>();

    /** @param carrier the child node through which a target is reached; empty: the target itself */
    public MethodInvocations(ClientPublisher publisher, Function<IdentityId, Optional<String>> carrier) {
        this.publisher = publisher;
        this.carrier = carrier;
    }

    public MethodResult invoke(IdentityId target, String methodName, String payload, Duration timeout) {
        String rid = Long.toString(lastRid.incrementAndGet());
        Optional<String> node = carrier.apply(target);
        Invocation invocation = new Invocation(node.map(IdentityId::device).orElse(target), rid);
        String topic = node.map(via -> NodeTopics.methodRequest(via, target, methodName, rid, timeout))
                .orElseGet(() -> IotHubTopics.methodRequest(methodName, rid));
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<MethodResult> answer = new CompletableFuture<>();
        waiting.put(invocation, answer); // before the request leaves: the answer may come at once
        try {
            boolean sent = publisher.publish(invocation.target(), topic, payload.getBytes(StandardCharsets.UTF_8))
                    .toCompletableFuture().get(remaining(deadline), TimeUnit.NANOSECONDS);
            if (!sent) {
                return new MethodResult(MethodResult.NOT_FOUND, Json.message(node.isPresent()
                        ? "child node " + node.get() + " of " + target + " left its node topics"
                        : target + " is not connected to this edge hub, or not subscribed to $iothub/methods/POST/#"));
            }
            return answer.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return MethodResult.timedOut(target, methodName, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + target + " to answer " + methodName, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The request for " + methodName + " could not be sent to " + target + ": "
                    + e.getCause().getMessage(), e.getCause());
        } finally {
            waiting.remove(invocation);
        }
    }

    /** A client's answer; one nobody waits for (late, or for another client's request) is ignored. */
    public void answered(IdentityId client, String rid, int status, String payload) {
        CompletableFuture<MethodResult> answer = waiting.get(new Invocation(client, rid));
        if (answer == null) {
            LOG.debug("Method response {} of {} ignored: no request of this edge hub waits for it", rid, client);
            return;
        }
        answer.complete(new MethodResult(status, payload));
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
