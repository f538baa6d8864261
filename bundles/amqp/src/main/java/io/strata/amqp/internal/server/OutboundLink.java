package io.strata.amqp.internal.server;

import io.strata.amqp.internal.engine.OutgoingDeliveries;
import io.strata.amqp.internal.protocol.LinkAddress;
import io.strata.amqp.internal.protocol.ProtonMessages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;

/** A link on which the listener sends to a client, usable from any thread. */
final class OutboundLink {

    final ServerConnection connection;
    final Sender sender;
    final LinkAddress address;

    OutboundLink(ServerConnection connection, Sender sender, LinkAddress address) {
        this.connection = connection;
        this.sender = sender;
        this.address = address;
    }

    /** Sends unsettled; completes with the client's outcome, fails when the link goes first. */
    CompletionStage<DeliveryState> send(Message message) {
        return send(ProtonMessages.encode(message));
    }

    /** As {@link #send(Message)}, for a message already encoded. */
    CompletionStage<DeliveryState> send(byte[] bytes) {
        CompletableFuture<DeliveryState> outcome = new CompletableFuture<>();
        connection.amqp().execute(() -> {
            if (sender.getLocalState() != EndpointState.ACTIVE) {
                outcome.completeExceptionally(new IllegalStateException("The link " + address + " closed"));
                return;
            }
            OutgoingDeliveries.send(sender, bytes).whenComplete((state, failure) -> {
                if (failure != null) {
                    outcome.completeExceptionally(failure);
                } else {
                    outcome.complete(state);
                }
            });
        });
        return outcome;
    }

    /** Sends pre-settled (at most once), from any thread. */
    void sendSettled(Message message) {
        byte[] bytes = ProtonMessages.encode(message);
        connection.amqp().execute(() -> {
            if (sender.getLocalState() == EndpointState.ACTIVE) {
                OutgoingDeliveries.sendSettled(sender, bytes);
            }
        });
    }
}
