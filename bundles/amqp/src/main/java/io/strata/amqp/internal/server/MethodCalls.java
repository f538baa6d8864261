package io.strata.amqp.internal.server;

import io.strata.amqp.internal.protocol.AmqpNames;
import io.strata.amqp.internal.protocol.ProtonMessages;
import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import io.strata.api.module.MethodResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct methods over AMQP: a request goes out on the target's {@code methods/devicebound} link,
 * or on the {@code $strata/methods} link of the edge device above it, with a fresh correlation id;
 * the answer comes back on the same client's sender with that id. Only the link the request went
 * to may answer it.
 */
final class MethodCalls {

    private static final Logger LOG = LoggerFactory.getLogger(MethodCalls.class);

    private record Call(ServerConnection connection, CompletableFuture<MethodResult> answer) {
    }

    private final Map<String, Call> waiting = new ConcurrentHashMap<>();

    /**
     * Sends the request and waits at most {@code timeout}.
     *
     * @param viaNode whether {@code link} is a node link, which needs the target named
     */
    MethodResult invoke(OutboundLink link, boolean viaNode, IdentityId target, String methodName, String payload,
            Duration timeout) {
        String correlationId = UUID.randomUUID().toString();
        Message request = ProtonMessages.withData(payload.getBytes(StandardCharsets.UTF_8));
        Properties properties = new Properties();
        properties.setCorrelationId(correlationId);
        properties.setMessageId(correlationId);
        request.setProperties(properties);
        ProtonMessages.setProperty(request, AmqpNames.METHOD_NAME, methodName);
        if (viaNode) {
            ProtonMessages.annotate(request, AmqpNames.IDENTITY, target.toString());
            ProtonMessages.annotate(request, AmqpNames.TIMEOUT_MS, timeout.toMillis());
        }
        CompletableFuture<MethodResult> answer = new CompletableFuture<>();
        waiting.put(correlationId, new Call(link.connection, answer)); // before sending: the answer may come at once
        try {
            link.send(request).whenComplete((state, failure) -> {
                if (failure != null) {
                    answer.complete(new MethodResult(MethodResult.NOT_FOUND, Json.message(target
                            + " could not be reached over AMQP: " + failure.getMessage())));
                }
            });
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return MethodResult.timedOut(target, methodName, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + target + " to answer " + methodName, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The request for " + methodName + " could not be sent to " + target, e);
        } finally {
            waiting.remove(correlationId);
        }
    }

    /**
     * An answer arrived on {@code connection}.
     *
     * @return whether a request waited for it
     */
    boolean answered(ServerConnection connection, Message response) {
        String correlationId = response.getProperties() == null ? null
                : ProtonMessages.idText(response.getProperties().getCorrelationId());
        Call call = correlationId == null ? null : waiting.get(correlationId);
        if (call == null || call.connection() != connection) {
            LOG.debug("Method response {} ignored: no request of this listener waits for it there", correlationId);
            return false;
        }
        Long status = ProtonMessages.number(ProtonMessages.property(response, AmqpNames.METHOD_STATUS));
        call.answer().complete(new MethodResult(status == null ? 200 : status.intValue(),
                ProtonMessages.bodyText(response)));
        return true;
    }
}
