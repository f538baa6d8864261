package io.strata.broker.internal.moquette;

import io.moquette.broker.NettyUtils;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.strata.api.identity.IdentityId;
import io.strata.broker.internal.topics.InboundPublishes;
import io.strata.broker.internal.topics.RouteBatch;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a client's telemetry and node-topic publishes before Moquette sees them, so that a QoS 1
 * PUBACK is sent only once the router (or the twin store) has stored the message durably (Moquette
 * acknowledges before anything else can act, see DESIGN.md). PUBACKs leave in the order the
 * publishes came, as MQTT requires, several with one flush ({@link PubAckQueue}); a refused message
 * gets none, and the client sends it again. The telemetry of one read is routed in one call when the read
 * ends ({@link RouteBatch}). These topics have no MQTT subscribers, so Moquette has
 * nothing to do with them. Every other packet passes on to Moquette.
 */
final class InboundPublishHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(InboundPublishHandler.class);
    /**
     * How often Moquette hears of a read in which it got no packet. At the end of every read Moquette
     * hands its session loop a task (send what its session queued, resend what is overdue): after a
     * read of telemetry alone that is a thread hop per read with nothing to do, as a PUBACK it gets
     * drains the queue anyway; overdue resends wait at most this long.
     */
    private static final long MOQUETTE_READ_COMPLETE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final List<InboundPublishes> taken;
    private PubAckQueue pubAcks;
    private final RouteBatch batch = new RouteBatch();
    /** The topic of the client's last publish, and whether it was taken: clients publish to few topics. */
    private String lastTopic;
    private Optional<InboundPublishes.Taken> lastTaken = Optional.empty();
    /** Whether a packet of the current read went on to Moquette, and when Moquette last heard a read end. */
    private boolean passedOn;
    private long moquetteReadCompleteAt = System.nanoTime();
    /** The client's identity, parsed once from its client id. */
    private String knownClientId;
    private IdentityId knownClient;

    InboundPublishHandler(List<InboundPublishes> taken) {
        this.taken = taken;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        pubAcks = new PubAckQueue(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        pubAcks.readStarted();
        String clientId = NettyUtils.clientID(ctx.channel());
        // Moquette sets the user name only once it accepted the client's credentials.
        if (!(msg instanceof MqttPublishMessage publish) || NettyUtils.userName(ctx.channel()) == null
                || clientId == null) {
            passOn(ctx, msg);
            return;
        }
        String topic = publish.variableHeader().topicName();
        Optional<InboundPublishes.Taken> takes = take(topic);
        if (takes.isEmpty()) {
            passOn(ctx, msg);
            return;
        }
        MqttQoS qos = publish.fixedHeader().qosLevel();
        CompletionStage<Void> stored;
        try {
            if (qos == MqttQoS.EXACTLY_ONCE) {
                LOG.warn("MQTT client '{}' published to '{}' at QoS 2, which IoT Hub does not support: disconnected",
                        clientId, topic);
                ctx.close();
                return;
            }
            stored = takes.get().accept(client(clientId), publish.payload().readableBytes(),
                    () -> ByteBufUtil.getBytes(publish.payload()));
        } finally {
            publish.release();
        }
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            PubAckQueue.Publish answer = pubAcks.add(publish.variableHeader().packetId());
            stored.whenComplete((done, failure) -> pubAcks.settle(answer, failure == null));
        }
    }

    private Optional<InboundPublishes.Taken> take(String topic) {
        if (!topic.equals(lastTopic)) {
            lastTaken = Optional.empty();
            for (InboundPublishes publishes : taken) {
                lastTaken = publishes.take(topic, batch);
                if (lastTaken.isPresent()) {
                    break;
                }
            }
            lastTopic = topic;
        }
        return lastTaken;
    }

    private IdentityId client(String id) {
        if (!id.equals(knownClientId)) {
            knownClient = IdentityId.parse(id);
            knownClientId = id;
        }
        return knownClient;
    }

    private void passOn(ChannelHandlerContext ctx, Object msg) {
        passedOn = true;
        ctx.fireChannelRead(msg);
    }

    /** What the last read held back is still routed: its PUBACKs cannot leave any more, but it was sent. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        batch.flush();
        ctx.fireChannelInactive();
    }

    /**
     * The PUBACKs of publishes stored while the client's packets were read leave together. Moquette
     * hears of the read's end when it got a packet of it (see {@link #MOQUETTE_READ_COMPLETE_NANOS}).
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        batch.flush();
        pubAcks.readComplete();
        long now = System.nanoTime();
        if (passedOn || now - moquetteReadCompleteAt >= MOQUETTE_READ_COMPLETE_NANOS) {
            passedOn = false;
            moquetteReadCompleteAt = now;
            ctx.fireChannelReadComplete();
        }
    }
}
