package io.strata.broker.internal.moquette;

import io.moquette.broker.InflightResender;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Asks Moquette's session to resend its unacknowledged publishes only while it has some. Moquette
 * gives every connection an {@link InflightResender} that asks every 5 s of write silence whether
 * anything is due, whatever the session holds: with thousands of devices that only send telemetry,
 * that is hundreds of timers and pipeline passes a second for nothing. This handler, between the edge
 * hub's handlers and Moquette's, takes its place once the CONNACK is out: it asks once after the
 * CONNACK (a resumed session may hold publishes of its earlier connection), then every period while a
 * QoS 1/2 publish or PUBREL of Moquette's (packet ids of its session) waits for its PUBACK or PUBCOMP.
 * Moquette's session still decides which publishes are due. Every method runs on the channel's event loop.
 */
final class InflightResend extends ChannelDuplexHandler {

    /** Moquette's name for its resender in the pipeline. */
    static final String MOQUETTE_RESENDER = "inflightResender";
    /** As often as Moquette's resender would ask (its FLIGHT_BEFORE_RESEND_MS). */
    static final Duration PERIOD = Duration.ofSeconds(5);

    private final Duration period;
    /** Packet ids of Moquette's publishes waiting for their acknowledgement; null while there is none. */
    private Set<Integer> unacknowledged;
    private ScheduledFuture<?> nextAsk;

    InflightResend(Duration period) {
        this.period = period;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof MqttConnAckMessage connAck
                && connAck.variableHeader().connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            // Moquette adds its resender when the CONNACK is written; this task runs after that.
            promise.addListener(written -> ctx.executor().execute(() -> takeOverFromMoquette(ctx)));
        } else if (msg instanceof MqttPublishMessage publish && publish.fixedHeader().qosLevel() != MqttQoS.AT_MOST_ONCE) {
            awaitAcknowledgement(ctx, publish.variableHeader().packetId());
        } else if (msg instanceof MqttMessage message && message.fixedHeader() != null
                && message.fixedHeader().messageType() == MqttMessageType.PUBREL) {
            awaitAcknowledgement(ctx, ((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (unacknowledged != null && msg instanceof MqttMessage message && message.fixedHeader() != null
                && (message.fixedHeader().messageType() == MqttMessageType.PUBACK
                        || message.fixedHeader().messageType() == MqttMessageType.PUBCOMP)) {
            unacknowledged.remove(((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (nextAsk != null) {
            nextAsk.cancel(false);
        }
        super.channelInactive(ctx);
    }

    private void takeOverFromMoquette(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(MOQUETTE_RESENDER) != null) {
            ctx.pipeline().remove(MOQUETTE_RESENDER);
        }
        askLater(ctx);
    }

    private void awaitAcknowledgement(ChannelHandlerContext ctx, int packetId) {
        if (unacknowledged == null) {
            unacknowledged = new HashSet<>();
        }
        unacknowledged.add(packetId);
        askLater(ctx);
    }

    private void askLater(ChannelHandlerContext ctx) {
        if (nextAsk == null && ctx.channel().isActive()) {
            nextAsk = ctx.executor().schedule(() -> ask(ctx), period.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void ask(ChannelHandlerContext ctx) {
        nextAsk = null;
        ctx.fireUserEventTriggered(new InflightResender.ResendNotAckedPublishes());
        if (unacknowledged != null && !unacknowledged.isEmpty()) {
            askLater(ctx);
        } else {
            unacknowledged = null;
        }
    }
}
