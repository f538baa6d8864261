package io.strata.broker.internal.moquette;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the connections that are accepted but not yet connected (TLS handshake and CONNECT under
 * way): together with the connect timeout, this bounds what unauthenticated peers can hold of the
 * node. A connection over the bound is closed at its accept, before its handshake costs anything;
 * devices connect again. Refusals are logged at most once a minute, with their count, so that a
 * flood cannot fill the log.
 */
final class ConnectingClients {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectingClients.class);
    private static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int max;
    private final AtomicInteger connecting = new AtomicInteger();
    private final AtomicInteger refusedSinceLog = new AtomicInteger();
    private final AtomicLong nextRefusalLogNanos = new AtomicLong(System.nanoTime());

    ConnectingClients(int max) {
        this.max = max;
    }

    /**
     * Admits a newly accepted connection: the returned handler holds its place until its CONNACK
     * accepts it or it closes. Over the bound the connection is closed and null is returned.
     */
    ChannelHandler admit(Channel channel) {
        if (connecting.incrementAndGet() > max) {
            connecting.decrementAndGet();
            refused(channel);
            channel.close();
            return null;
        }
        return new Place();
    }

    int connecting() {
        return connecting.get();
    }

    private void refused(Channel channel) {
        int refused = refusedSinceLog.incrementAndGet();
        long next = nextRefusalLogNanos.get();
        if (System.nanoTime() - next >= 0
                && nextRefusalLogNanos.compareAndSet(next, System.nanoTime() + REFUSAL_LOG_INTERVAL_NANOS)) {
            refusedSinceLog.addAndGet(-refused);
            LOG.warn("MQTT connection from {} closed at its accept: {} connections are still connecting"
                    + " (TLS handshake and CONNECT); {} refused so", channel.remoteAddress(), max, refused);
        }
    }

    /** One connection's place among those connecting; leaves the pipeline once the client is connected. */
    private final class Place extends ChannelDuplexHandler {

        private boolean held = true;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            super.write(ctx, msg, promise);
            if (msg instanceof MqttConnAckMessage connAck
                    && connAck.variableHeader().connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                release();
                ctx.pipeline().remove(this);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            release();
            super.channelInactive(ctx);
        }

        private void release() {
            if (held) {
                held = false;
                connecting.decrementAndGet();
            }
        }
    }
}
