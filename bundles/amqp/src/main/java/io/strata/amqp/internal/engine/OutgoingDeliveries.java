package io.strata.amqp.internal.engine;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sender;

/**
 * The deliveries a sender link has in flight. {@link AmqpConnection} keeps one per sender (in the
 * link's attachments) and completes each delivery's stage with the peer's outcome, or fails it when
 * the link or the connection goes away before the peer settled it.
 */
public final class OutgoingDeliveries {

    private static final String KEY = OutgoingDeliveries.class.getName();

    private final AtomicLong tags = new AtomicLong();
    private final Set<Delivery> unsettled = new LinkedHashSet<>();

    private OutgoingDeliveries() {
    }

    /**
     * Sends one encoded message unsettled; the stage completes with the peer's terminal state
     * (Accepted, Rejected, Released, Modified) once the peer settles it or states an outcome.
     * Call on the event loop; without credit proton holds it until the peer grants some.
     */
    public static CompletableFuture<DeliveryState> send(Sender sender, byte[] encoded) {
        return send(sender, encoded, 0);
    }

    /** As {@link #send(Sender, byte[])}, for a transfer of another message-format (a batch). */
    public static CompletableFuture<DeliveryState> send(Sender sender, byte[] encoded, int messageFormat) {
        OutgoingDeliveries deliveries = of(sender);
        Delivery delivery = sender.delivery(deliveries.nextTag());
        delivery.setMessageFormat(messageFormat);
        CompletableFuture<DeliveryState> outcome = new CompletableFuture<>();
        delivery.setContext(outcome);
        sender.send(encoded, 0, encoded.length);
        sender.advance();
        deliveries.unsettled.add(delivery);
        return outcome;
    }

    /** Sends one encoded message pre-settled (at most once). Call on the event loop. */
    public static void sendSettled(Sender sender, byte[] encoded) {
        Delivery delivery = sender.delivery(of(sender).nextTag());
        sender.send(encoded, 0, encoded.length);
        sender.advance();
        delivery.settle();
    }

    /** How many deliveries wait for the peer's outcome. */
    public static int inFlight(Sender sender) {
        return of(sender).unsettled.size();
    }

    static OutgoingDeliveries of(Link link) {
        Object existing = link.attachments().get(KEY, OutgoingDeliveries.class);
        if (existing != null) {
            return (OutgoingDeliveries) existing;
        }
        OutgoingDeliveries created = new OutgoingDeliveries();
        link.attachments().set(KEY, OutgoingDeliveries.class, created);
        return created;
    }

    static boolean has(Link link) {
        return link.attachments().get(KEY, OutgoingDeliveries.class) != null;
    }

    /** A delivery of ours was updated by the peer. */
    @SuppressWarnings("unchecked")
    void updated(Delivery delivery) {
        DeliveryState state = delivery.getRemoteState();
        if (!(delivery.getContext() instanceof CompletableFuture<?> outcome)) {
            return;
        }
        if (delivery.remotelySettled() || isTerminal(state)) {
            ((CompletableFuture<DeliveryState>) outcome).complete(state);
            unsettled.remove(delivery);
            delivery.settle();
        }
    }

    /** Fails every delivery still waiting: the link or the connection is gone. */
    void failAll(String reason) {
        for (Delivery delivery : unsettled) {
            if (delivery.getContext() instanceof CompletableFuture<?> outcome) {
                outcome.completeExceptionally(new LinkLostException(reason));
            }
        }
        unsettled.clear();
    }

    private static boolean isTerminal(DeliveryState state) {
        return state != null && state.getType() != DeliveryState.DeliveryStateType.Received;
    }

    private byte[] nextTag() {
        return Long.toString(tags.incrementAndGet()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
