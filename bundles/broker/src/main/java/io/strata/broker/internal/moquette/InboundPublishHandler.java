package io.strata.broker.internal.moquette;

import io.moquette.broker.NettyUtils;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.strata.api.identity.IdentityId;
import io.strata.broker.internal.topics.InboundPublishes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a client's telemetry and node-topic publishes before Moquette sees them, so that a QoS 1
 * PUBACK is sent only once the router (or the twin store) has stored the message durably (Moquette
 * acknowledges before anything else can act, see DESIGN.md). PUBACKs leave in the order the
 * publishes came, as MQTT requires; a refused message gets none, and the client sends it again.
 * These topics have no MQTT subscribers, so Moquette has nothing to do with them. Every other packet
 * passes on to Moquette.
 */
final class InboundPublishHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(InboundPublishHandler.class);

    private final List<InboundPublishes> taken;
    /** Completes when every earlier publish of this connection has been answered. */
    private CompletableFuture<Void> earlierPublishes = CompletableFuture.completedFuture(null);

    InboundPublishHandler(List<InboundPublishes> taken) {
        this.taken = taken;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        String clientId = NettyUtils.clientID(ctx.channel());
        // Moquette sets the user name only once it accepted the client's credentials.
        Optional<InboundPublishes> takes = msg instanceof MqttPublishMessage publish ? taken.stream()
                .filter(publishes -> publishes.takes(publish.variableHeader().topicName())).findFirst()
                : Optional.empty();
        if (takes.isEmpty() || NettyUtils.userName(ctx.channel()) == null || clientId == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        MqttPublishMessage publish = (MqttPublishMessage) msg;
        String topic = publish.variableHeader().topicName();
        MqttQoS qos = publish.fixedHeader().qosLevel();
        int packetId = publish.variableHeader().packetId();
        CompletionStage<Void> stored;
        try {
            if (qos == MqttQoS.EXACTLY_ONCE) {
                LOG.warn("MQTT client '{}' published to '{}' at QoS 2, which IoT Hub does not support: disconnected",
                        clientId, topic);
                ctx.close();
                return;
            }
            stored = takes.get().accept(IdentityId.parse(clientId), topic, publish.payload().readableBytes(),
                    () -> ByteBufUtil.getBytes(publish.payload()));
        } finally {
            publish.release();
        }
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            earlierPublishes = earlierPublishes.thenCombine(stored.handle((done, failure) -> failure == null), 
                    (ignored, accepted) -> accepted)
                    .thenAccept(accepted -> {
                        if (accepted) {
                            ctx.executor().execute(() -> ctx.writeAndFlush(MqttMessageBuilders.pubAck()
                                    .packetId(packetId).build()));
                        }
                    });
        }
    }
}
