package io.strata.amqp.internal.engine;

import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;

/** Reading what a peer sent on a receiver link, on the event loop. */
public final class IncomingDeliveries {

    private IncomingDeliveries() {
    }

    /**
     * The encoded message of a complete delivery, and the receiver advanced past it; null while
     * the delivery is still partial (more frames to come).
     */
    public static byte[] read(Delivery delivery) {
        if (delivery.isPartial() || !(delivery.getLink() instanceof Receiver receiver) || receiver.current() != delivery) {
            return null;
        }
        byte[] bytes = new byte[delivery.pending()];
        int read = 0;
        while (read < bytes.length) {
            int n = receiver.recv(bytes, read, bytes.length - read);
            if (n <= 0) {
                break;
            }
            read += n;
        }
        receiver.advance();
        return read == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, read);
    }

    /** Keeps a receiver's credit at {@code window}, topping it up once half is used. */
    public static void replenish(Receiver receiver, int window) {
        int credit = receiver.getCredit();
        if (credit <= window / 2) {
            receiver.flow(window - credit);
        }
    }
}
