package io.strata.amqp.internal.server;

import io.strata.amqp.internal.protocol.AmqpNames;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;

/** Settling received deliveries, on the event loop. */
final class Outcomes {

    private Outcomes() {
    }

    static Rejected rejected(Symbol condition, String description) {
        Rejected rejected = new Rejected();
        rejected.setError(new ErrorCondition(condition, description));
        return rejected;
    }

    static void accept(Delivery delivery) {
        settle(delivery, Accepted.getInstance());
    }

    static void reject(Delivery delivery, Symbol condition, String description) {
        settle(delivery, rejected(condition, description));
    }

    /** Rejects a batch of which the first {@code stored} messages are durable all the same. */
    static void rejectBatch(Delivery delivery, int stored, Symbol condition, String description) {
        Rejected rejected = rejected(condition, description);
        rejected.getError().setInfo(Map.of(AmqpNames.BATCH_STORED, stored));
        settle(delivery, rejected);
    }

    /** States the outcome (unless the client settled already) and settles; a closed link just forgets it. */
    static void settle(Delivery delivery, DeliveryState state) {
        if (delivery.isSettled()) {
            return;
        }
        if (!delivery.remotelySettled() && delivery.getLink().getLocalState() == EndpointState.ACTIVE) {
            delivery.disposition(state);
        }
        delivery.settle();
    }
}
