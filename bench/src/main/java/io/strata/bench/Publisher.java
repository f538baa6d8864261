package io.strata.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes {@code count} QoS 1 messages on one connection with at most {@code window} unacknowledged:
 * as fast as the acknowledgements come back, or paced at {@code ratePerSecond} (still bounded by the
 * window). Latency is publish to PUBACK. Runs on the connection's event loop only.
 */
final class Publisher {

    private static final int PACKET_IDS = 65_535;
    private static final long MIN_PACING_MICROS = 1000;

    private final String topic;
    private final int count;
    private final int window;
    private final int bytes;
    private final double ratePerSecond;
    private final Latencies latencies;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** By packet id; ids cycle through window + 1 values, so no id in flight is taken again. */
    private final long[] sentAt;
    private Channel channel;
    private ScheduledFuture<?> pacing;
    private long startNanos;
    private int sent;
    private int acknowledged;
    private int lastPacketId;

    /** @param ratePerSecond 0 for no pacing */
    Publisher(String topic, int count, int window, int bytes, double ratePerSecond, Latencies latencies) {
        if (window < 1 || window >= PACKET_IDS) {
            throw new IllegalArgumentException("the window must be between 1 and " + (PACKET_IDS - 1));
        }
        this.topic = topic;
        this.count = count;
        this.window = window;
        this.bytes = bytes;
        this.ratePerSecond = ratePerSecond;
        this.latencies = latencies;
        sentAt = new long[window + 2];
    }

    /** Completes once every message was acknowledged; fails when the connection is lost first. */
    CompletableFuture<Void> done() {
        return done;
    }

    void start(Channel channel) {
        this.channel = channel;
        startNanos = System.nanoTime();
        if (count == 0) {
            done.complete(null);
            return;
        }
        if (ratePerSecond > 0) {
            // A device that sends once in ten seconds needs no timer every millisecond.
            long period = Math.max(MIN_PACING_MICROS, (long) (1e6 / ratePerSecond));
            pacing = channel.eventLoop().scheduleAtFixedRate(this::sendDueAndFlush, period, period,
                    TimeUnit.MICROSECONDS);
        }
        sendDueAndFlush();
    }

    /** Writes what the window and the pace allow now, without flushing. */
    void sendDue() {
        long due = ratePerSecond > 0
                ? Math.min(count, (long) ((System.nanoTime() - startNanos) * ratePerSecond / 1e9) + 1)
                : count;
        while (sent < due && sent - acknowledged < window) {
            lastPacketId = lastPacketId % (window + 1) + 1;
            long now = System.nanoTime();
            sentAt[lastPacketId] = now;
            channel.write(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE)
                    .messageId(lastPacketId).payload(Unpooled.wrappedBuffer(TimedBodies.body(sent, now, bytes)))
                    .build());
            sent++;
        }
        if (sent == count && pacing != null) {
            pacing.cancel(false);
        }
    }

    void acknowledged(int packetId) {
        latencies.record(System.nanoTime() - sentAt[packetId]);
        if (++acknowledged == count) {
            done.complete(null);
        }
    }

    void connectionLost() {
        if (pacing != null) {
            pacing.cancel(false);
        }
        done.completeExceptionally(new IllegalStateException(
                "the connection was lost with " + (count - acknowledged) + " messages unacknowledged"));
    }

    private void sendDueAndFlush() {
        sendDue();
        channel.flush();
    }
}
