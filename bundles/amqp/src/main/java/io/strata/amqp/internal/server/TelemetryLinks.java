package io.strata.amqp.internal.server;

import io.strata.amqp.internal.protocol.AmqpNames;
import io.strata.amqp.internal.protocol.MessageMapping;
import io.strata.amqp.internal.protocol.ProtonMessages;
import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.routing.MessageRejectedException;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.engine.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telemetry and module output on {@code {x}/messages/events}, one message or a batch per transfer, of
 * {x} alone or, on an edge device's telemetry stream, of any origin of its subtree:
 * the messages go to the router, and the delivery is Accepted once the router's stages complete (the
 * messages are durable), Rejected with the reason otherwise, so the client sends it again (of a batch, only the messages from
 * the refused one on: the info of the refusal says how many before it are stored).
 */
final class TelemetryLinks {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryLinks.class);

    private final ServerServices services;

    TelemetryLinks(ServerServices services) {
        this.services = services;
    }

    /**
     * The messages of one transfer, in order: one plain message, or the messages of a batch. The
     * transfer is Accepted once every one of them is durable, Rejected when one cannot be taken (the
     * sender sends again the messages from that one on; those after it already stored are then duplicates).
     * On a telemetry stream each message names its origin, which must be the edge device or lie in its
     * subtree. A message that is not valid or not permitted refuses the transfer before any of it is routed.
     */
    void received(ServerConnection connection, LinkInfo link, Delivery delivery,
            List<ReceivedMessage> transfer) {
        List<Message> messages = new ArrayList<>(transfer.size());
        for (ReceivedMessage received : transfer) {
            IdentityId origin = link.isStream() ? originOnStream(link, received.decoded()) : link.address().identity();
            if (link.isStream() && !connection.permitsOrigin(link, origin)) {
                refuse(delivery, link, 0, AmqpNames.UNAUTHORIZED_ACCESS, which(messages.size(), transfer.size())
                        + origin + " is neither " + link.authorizedBy() + " nor a device or module below it");
                return;
            }
            Message message;
            try {
                message = stamp(received, origin, !origin.equals(link.authorizedBy()));
            } catch (IllegalArgumentException e) {
                refuse(delivery, link, 0, AmqpNames.DECODE_ERROR,
                        which(messages.size(), transfer.size()) + e.getMessage());
                return;
            }
            if (message.bodySize() > services.maxMessageBytes) {
                refuse(delivery, link, 0, AmqpNames.MESSAGE_SIZE_EXCEEDED, which(messages.size(), transfer.size())
                        + "The message body has " + message.bodySize() + " bytes, more than the "
                        + services.maxMessageBytes + " this node accepts");
                return;
            }
            messages.add(message);
        }
        Optional<Router> router = services.router.get();
        if (router.isEmpty()) {
            refuse(delivery, link, 0, AmqpNames.NOT_ALLOWED, "No router is running on this node yet; send it again later");
            return;
        }
        List<CompletableFuture<Void>> stored = new ArrayList<>(messages.size());
        for (Message message : messages) {
            stored.add(router.get().route(MessageSource.TELEMETRY, message).toCompletableFuture());
        }
        CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).whenComplete((all, any) ->
                connection.amqp().execute(() -> settle(delivery, link, stored)));
    }

    /** The origin a message on a stream names; one that names none is the edge device's own. */
    private static IdentityId originOnStream(LinkInfo link, org.apache.qpid.proton.message.Message proton) {
        Object device = ProtonMessages.annotation(proton, AmqpNames.CONNECTION_DEVICE_ID);
        Object module = ProtonMessages.annotation(proton, AmqpNames.CONNECTION_MODULE_ID);
        String deviceId = device == null ? link.authorizedBy().deviceId() : device.toString();
        return module == null ? IdentityId.device(deviceId) : IdentityId.module(deviceId, module.toString());
    }

    /**
     * Once every message of the transfer has its outcome: Accepted, or Rejected for the first refused
     * one, saying that those before it are stored.
     */
    private static void settle(Delivery delivery, LinkInfo link, List<CompletableFuture<Void>> stored) {
        for (int i = 0; i < stored.size(); i++) {
            Throwable failure = stored.get(i).handle((done, error) -> error).join();
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                refuse(delivery, link, i, cause instanceof MessageRejectedException
                        ? AmqpNames.NOT_ALLOWED : AmqpNames.INTERNAL_ERROR, which(i, stored.size()) + cause.getMessage());
                return;
            }
        }
        Outcomes.accept(delivery);
    }

    /** Names the message of a batch a refusal is about; nothing for a single message. */
    private static String which(int index, int count) {
        return count == 1 ? "" : "message " + (index + 1) + " of the batch of " + count + ": ";
    }

    /**
     * The connection ids always come from the link's address. A direct client's enqueued time is
     * now; an edge device forwarding its subtree keeps the original's. A message that the stamps leave
     * as it was sent keeps its bytes, which this node's own link to its parent then forwards as they are.
     */
    private Message stamp(ReceivedMessage received, IdentityId origin, boolean onBehalf) {
        org.apache.qpid.proton.message.Message sent = received.decoded();
        Message asSent = MessageMapping.fromProton(sent).build();
        Message.Builder message = asSent.toBuilder()
                .connectionDeviceId(origin.deviceId())
                .connectionModuleId(origin.moduleId())
                .inputName(null);
        if (!onBehalf || !MessageMapping.hasEnqueuedTime(sent)) {
            message.enqueuedTime(services.clock.instant());
        }
        if (!origin.isModule() && !onBehalf) {
            message.outputName(null); // only modules have outputs
        }
        Message stamped = message.build();
        // sections the mapping drops (a foreign client's footer or delivery annotations) must not travel on
        boolean onlyMappedSections = sent.getFooter() == null && sent.getDeliveryAnnotations() == null;
        return onlyMappedSections && stamped.equals(asSent)
                ? stamped.toBuilder().received(MessageMapping.FORMAT, received.encoded()).build() : stamped;
    }

    /** Rejects the transfer, of which the first {@code stored} messages are stored all the same. */
    private static void refuse(Delivery delivery, LinkInfo link, int stored, Symbol condition, String reason) {
        LOG.warn("Message on {} over AMQP not accepted: {}", link.address(), reason);
        Outcomes.rejectBatch(delivery, stored, condition, reason);
    }
}
