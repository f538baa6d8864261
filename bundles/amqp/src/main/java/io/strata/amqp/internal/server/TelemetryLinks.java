package io.strata.amqp.internal.server;

import io.strata.amqp.internal.protocol.AmqpNames;
import io.strata.amqp.internal.protocol.MessageMapping;
import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.routing.MessageRejectedException;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.Router;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.apache.qpid.proton.engine.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telemetry and module output on {@code {x}/messages/events}: the message goes to the router, and
 * the delivery is Accepted once the router's stage completes (the message is durable), Rejected
 * with the reason otherwise, so the client sends it again.
 */
final class TelemetryLinks {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryLinks.class);

    private final ServerServices services;

    TelemetryLinks(ServerServices services) {
        this.services = services;
    }

    void received(ServerConnection connection, LinkInfo link, Delivery delivery,
            org.apache.qpid.proton.message.Message proton) {
        IdentityId origin = link.address().identity();
        Message message;
        try {
            message = stamp(MessageMapping.fromProton(proton), origin, link.onBehalf());
        } catch (IllegalArgumentException e) {
            refuse(delivery, origin, AmqpNames.DECODE_ERROR, e.getMessage());
            return;
        }
        if (message.bodySize() > services.maxMessageBytes) {
            refuse(delivery, origin, AmqpNames.MESSAGE_SIZE_EXCEEDED, "The message body has " + message.bodySize()
                    + " bytes, more than the " + services.maxMessageBytes + " this node accepts");
            return;
        }
        Optional<Router> router = services.router.get();
        if (router.isEmpty()) {
            refuse(delivery, origin, AmqpNames.NOT_ALLOWED, "No router is running on this node yet; send it again later");
            return;
        }
        router.get().route(MessageSource.TELEMETRY, message).whenComplete((done, failure) ->
                connection.amqp().execute(() -> {
                    if (failure == null) {
                        Outcomes.accept(delivery);
                    } else {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        refuse(delivery, origin, cause instanceof MessageRejectedException
                                ? AmqpNames.NOT_ALLOWED : AmqpNames.INTERNAL_ERROR, cause.getMessage());
                    }
                }));
    }

    /**
     * The connection ids always come from the link's address. A direct client's enqueued time is
     * now; an edge device forwarding its subtree keeps the original's.
     */
    private Message stamp(Message sent, IdentityId origin, boolean onBehalf) {
        Message.Builder message = sent.toBuilder()
                .connectionDeviceId(origin.deviceId())
                .connectionModuleId(origin.moduleId())
                .inputName(null);
        if (!onBehalf || sent.enqueuedTime().isEmpty()) {
            message.enqueuedTime(services.clock.instant());
        }
        if (!origin.isModule() && !onBehalf) {
            message.outputName(null); // only modules have outputs
        }
        return message.build();
    }

    private static void refuse(Delivery delivery, IdentityId origin, org.apache.qpid.proton.amqp.Symbol condition,
            String reason) {
        LOG.warn("Message of '{}' over AMQP not accepted: {}", origin, reason);
        Outcomes.reject(delivery, condition, reason);
    }
}
