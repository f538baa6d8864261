package io.strata.amqp.internal.upstream;

import io.strata.amqp.internal.engine.AmqpConnection;
import io.strata.amqp.internal.engine.OutgoingDeliveries;
import io.strata.amqp.internal.protocol.AmqpNames;
import io.strata.amqp.internal.protocol.BatchedMessages;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Sender;

/**
 * A telemetry link to the parent: the node's stream of every origin, or the link of one origin (a parent
 * without streams). Messages handed in together, or while
 * {@link #MAX_TRANSFERS_IN_FLIGHT} transfers wait for the parent's outcome, go out as one batch
 * ({@link BatchedMessages}, a lone message as a plain one); each message completes with the outcome of
 * its transfer, except those of a refused batch that the parent says it stored before the refused one.
 * On the connection's event loop only.
 */
final class TelemetrySender {

    /** Enough to keep the link busy while the parent stores a batch, few enough that batches grow under load. */
    static final int MAX_TRANSFERS_IN_FLIGHT = 4;
    static final int MAX_BATCH_MESSAGES = 1024;

    private record Pending(byte[] encoded, CompletableFuture<Void> done) {
    }

    private final AmqpConnection amqp;
    private final Sender sender;
    /** What the link carries, for refusals: "sensor-1", "the telemetry stream of child-edge". */
    private final String carrying;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private int inFlight;
    private boolean flushQueued;
    private Throwable lost;

    TelemetrySender(AmqpConnection amqp, Sender sender, String carrying) {
        this.amqp = amqp;
        this.sender = sender;
        this.carrying = carrying;
    }

    Sender link() {
        return sender;
    }

    /**
     * Queues one encoded message; it leaves after what else is handed in meanwhile, so a burst
     * becomes one transfer.
     */
    void send(byte[] encoded, CompletableFuture<Void> done) {
        if (lost != null) {
            done.completeExceptionally(lost);
            return;
        }
        waiting.add(new Pending(encoded, done));
        if (!flushQueued) {
            flushQueued = true;
            amqp.execute(() -> {
                flushQueued = false;
                flush();
            });
        }
    }

    /** The link is gone: what still waits fails, and so does whatever comes later. */
    void lost(Throwable reason) {
        lost = reason;
        waiting.forEach(pending -> pending.done().completeExceptionally(reason));
        waiting.clear();
    }

    private void flush() {
        while (lost == null && !waiting.isEmpty() && inFlight < MAX_TRANSFERS_IN_FLIGHT) {
            List<Pending> batch = nextBatch();
            CompletableFuture<DeliveryState> outcome;
            if (batch.size() == 1) {
                outcome = OutgoingDeliveries.send(sender, batch.get(0).encoded());
            } else {
                outcome = OutgoingDeliveries.send(sender,
                        BatchedMessages.encode(batch.stream().map(Pending::encoded).toList()), BatchedMessages.FORMAT);
            }
            inFlight++;
            outcome.whenComplete((state, failure) -> {
                inFlight--;
                completed(batch, state, failure);
            });
        }
    }

    private List<Pending> nextBatch() {
        List<Pending> batch = new ArrayList<>();
        int bytes = 0;
        while (!waiting.isEmpty() && batch.size() < MAX_BATCH_MESSAGES) {
            int size = waiting.peek().encoded().length + BatchedMessages.SECTION_OVERHEAD;
            if (!batch.isEmpty() && bytes + size > BatchedMessages.MAX_BYTES) {
                break;
            }
            batch.add(waiting.poll());
            bytes += size;
        }
        return batch;
    }

    private void completed(List<Pending> batch, DeliveryState state, Throwable failure) {
        if (failure != null) {
            // the link or the connection went: nothing more goes on this link
            lost(failure);
            batch.forEach(pending -> pending.done().completeExceptionally(failure));
            return;
        }
        int stored = state instanceof Accepted ? batch.size() : storedOfRefused(state, batch.size());
        batch.subList(0, stored).forEach(pending -> pending.done().complete(null));
        if (stored < batch.size()) {
            IllegalStateException refused = new IllegalStateException(refusal(batch.size(), state));
            batch.subList(stored, batch.size()).forEach(pending -> pending.done().completeExceptionally(refused));
        }
        flush();
    }

    /** How many first messages of a refused batch the parent stored all the same, as it says; none if it does not. */
    private static int storedOfRefused(DeliveryState state, int batchSize) {
        if (state instanceof Rejected rejected && rejected.getError() != null && rejected.getError().getInfo() != null
                && rejected.getError().getInfo().get(AmqpNames.BATCH_STORED) instanceof Number stored) {
            return Math.max(0, Math.min(stored.intValue(), batchSize));
        }
        return 0;
    }

    private String refusal(int messages, DeliveryState state) {
        String what = messages == 1 ? "a message of " + carrying : "a batch of " + messages + " messages of " + carrying;
        if (state instanceof Rejected rejected) {
            return "the parent rejected " + what + describe(rejected.getError());
        }
        return "the parent did not accept " + what + ": " + state;
    }

    private static String describe(ErrorCondition condition) {
        if (condition == null || condition.getCondition() == null) {
            return "";
        }
        return ": " + condition.getCondition()
                + (condition.getDescription() == null ? "" : " " + condition.getDescription());
    }
}
