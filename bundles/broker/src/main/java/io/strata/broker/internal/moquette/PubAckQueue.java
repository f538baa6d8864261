package io.strata.broker.internal.moquette;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessageType;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * The PUBACKs a connection owes for the QoS 1 publishes the edge hub took, in the order the publishes
 * came, as MQTT requires. A publish is settled from whichever thread stored it (or refused it); the
 * PUBACKs that are ready then leave together, from at most one task on the channel's event loop, with
 * one flush: one TLS record and one write for a whole commit batch. A refused publish gets none, and
 * holds back none of those after it. The PUBACKs that leave together are written as one buffer, already
 * encoded: a PUBACK is four fixed bytes (MQTT 3.1.1, 3.4), and a message object per PUBACK, encoded into a
 * buffer of its own that TLS then gathers again, cost more than the bytes.
 */
final class PubAckQueue {

    private static final int REFUSED = -1;
    private static final int PENDING = 0;
    private static final int ACCEPTED = 1;
    /** A PUBACK's fixed header: its type, no flags, and the remaining length of its packet id. */
    private static final int PUBACK_TYPE = MqttMessageType.PUBACK.value() << 4;
    private static final int PUBACK_REMAINING_LENGTH = 2;

    /** One publish owed an answer; its state changes under the queue's lock. */
    static final class Publish {
        private final int packetId;
        private int state = PENDING;

        private Publish(int packetId) {
            this.packetId = packetId;
        }
    }

    private final ChannelHandlerContext context;
    private final Queue<Publish> inOrder = new ArrayDeque<>();
    private boolean writeScheduled;
    /** Set on the event loop while it reads: ready PUBACKs then wait for the end of the read. */
    private boolean reading;

    PubAckQueue(ChannelHandlerContext context) {
        this.context = context;
    }

    /** Takes a place in line for the publish's PUBACK; called on the event loop, in publish order. */
    synchronized Publish add(int packetId) {
        Publish publish = new Publish(packetId);
        inOrder.add(publish);
        return publish;
    }

    /** The publish was stored (accepted) or refused; any thread. */
    void settle(Publish publish, boolean accepted) {
        boolean schedule;
        synchronized (this) {
            publish.state = accepted ? ACCEPTED : REFUSED;
            schedule = !writeScheduled && !reading && inOrder.peek() != null && inOrder.peek().state != PENDING;
            writeScheduled |= schedule;
        }
        if (schedule) {
            context.executor().execute(this::writeReady);
        }
    }

    /** The event loop starts reading: publishes settled meanwhile are answered at {@link #readComplete()}. */
    void readStarted() {
        synchronized (this) {
            reading = true;
        }
    }

    /** The event loop read all it had: the PUBACKs ready so far leave now, with one flush. */
    void readComplete() {
        synchronized (this) {
            reading = false;
        }
        writeReady();
    }

    private void writeReady() {
        ByteBuf pubAcks = null;
        for (Publish ready = nextReady(); ready != null; ready = nextReady()) {
            if (ready.state == ACCEPTED) {
                if (pubAcks == null) {
                    pubAcks = context.alloc().buffer();
                }
                pubAcks.writeByte(PUBACK_TYPE).writeByte(PUBACK_REMAINING_LENGTH).writeShort(ready.packetId);
            }
        }
        if (pubAcks != null) {
            context.writeAndFlush(pubAcks, context.voidPromise());
        }
    }

    /** The head of the line once it is settled, else null; the scheduled write ends when none is left. */
    private synchronized Publish nextReady() {
        Publish head = inOrder.peek();
        if (head == null || head.state == PENDING) {
            writeScheduled = false;
            return null;
        }
        return inOrder.poll();
    }
}
