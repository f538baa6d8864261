package io.strata.broker.internal.moquette;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.moquette.broker.NettyUtils;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.strata.api.identity.Authorizer;
import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.routing.MessageRejectedException;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.Router;
import io.strata.broker.internal.topics.InboundPublishes;
import io.strata.broker.internal.topics.TelemetryPublishes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.Before;
import org.junit.Test;

/**
 * The PUBACKs of taken publishes, on Netty's embedded channel: they keep the publish order, leave
 * several with one flush, and a refused publish gets none.
 */
public class InboundPublishHandlerTest {

    private static final String TELEMETRY = "devices/dev1/messages/events/";

    /** What each taken publish returns, in publish order: completed by the test as the store would. */
    private final List<CompletableFuture<Void>> stored = new ArrayList<>();
    private final InboundPublishes telemetry = topic -> topic.equals(TELEMETRY)
            ? Optional.of((client, size, body) -> next()) : Optional.empty();
    private int taken;
    private int flushes;
    private EmbeddedChannel channel;

    @Before
    public void connect() {
        channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes++;
                ctx.flush();
            }
        }, new InboundPublishHandler(List.of(telemetry)));
        NettyUtils.clientID(channel, "dev1");
        NettyUtils.userName(channel, "edge.test/dev1/?api-version=2021-04-12");
    }

    @Test
    public void publishesStoredLaterAreAcknowledgedInOrderWithOneFlush() {
        queueStores(3);
        channel.writeInbound(publish(11), publish(12), publish(13));
        assertEquals(0, flushes);

        stored.get(2).complete(null);
        stored.get(1).complete(null);
        channel.runPendingTasks();
        assertNull("the first publish is not stored yet", channel.readOutbound());

        stored.get(0).complete(null);
        channel.runPendingTasks();
        assertEquals(List.of(11, 12, 13), pubAcks());
        assertEquals(1, flushes);
    }

    @Test
    public void aRefusedPublishGetsNoPubAckAndHoldsBackNone() {
        queueStores(3);
        channel.writeInbound(publish(21), publish(22), publish(23));

        stored.get(1).complete(null);
        stored.get(2).complete(null);
        stored.get(0).completeExceptionally(new MessageRejectedException("full"));
        channel.runPendingTasks();
        assertEquals(List.of(22, 23), pubAcks());
        assertEquals(1, flushes);
    }

    @Test
    public void publishesStoredWhileReadingAreAcknowledgedAtTheEndOfTheRead() {
        for (int i = 0; i < 3; i++) {
            stored.add(CompletableFuture.completedFuture(null));
        }
        channel.writeInbound(publish(31), publish(32), publish(33));
        assertEquals(List.of(31, 32, 33), pubAcks());
        assertEquals(1, flushes);
    }

    @Test
    public void theTelemetryOfOneReadIsRoutedInOneCallInOrderAndAcknowledgedOnceStored() {
        List<List<Message>> routed = new ArrayList<>();
        CompletableFuture<Void> batchStored = new CompletableFuture<>();
        Router router = new Router() {
            @Override
            public CompletionStage<Void> route(MessageSource source, Message message) {
                throw new AssertionError("the messages of one read go to the router in one call");
            }

            @Override
            public CompletionStage<Void> route(MessageSource source, List<Message> messages) {
                routed.add(messages);
                return batchStored;
            }
        };
        channel = new EmbeddedChannel(new InboundPublishHandler(List.of(new TelemetryPublishes(anyone(),
                () -> Optional.of(router), 1024, Clock.systemUTC()))));
        NettyUtils.clientID(channel, "dev1");
        NettyUtils.userName(channel, "edge.test/dev1/?api-version=2021-04-12");

        channel.writeInbound(publish(51, 1), publish(52, 2), publish(53, 3));

        assertEquals(1, routed.size());
        assertEquals(List.of(1, 2, 3), routed.get(0).stream().map(message -> (int) message.body()[0]).toList());
        assertNull("not acknowledged before it is stored", channel.readOutbound());
        batchStored.complete(null);
        channel.runPendingTasks();
        assertEquals(List.of(51, 52, 53), pubAcks());
    }

    @Test
    public void otherTopicsPassOnUntouched() {
        MqttPublishMessage other = MqttMessageBuilders.publish().topicName("devices/dev1/other")
                .qos(MqttQoS.AT_LEAST_ONCE).messageId(41).payload(Unpooled.wrappedBuffer(new byte[] {1})).build();
        channel.writeInbound(other);
        MqttPublishMessage passed = channel.readInbound();
        assertEquals(41, passed.variableHeader().packetId());
        passed.release();
        assertNull(channel.readOutbound());
    }

    private void queueStores(int count) {
        for (int i = 0; i < count; i++) {
            stored.add(new CompletableFuture<>());
        }
    }

    private CompletionStage<Void> next() {
        return stored.get(taken++);
    }

    private static MqttPublishMessage publish(int packetId) {
        return publish(packetId, 1);
    }

    private static MqttPublishMessage publish(int packetId, int firstByte) {
        return MqttMessageBuilders.publish().topicName(TELEMETRY).qos(MqttQoS.AT_LEAST_ONCE).messageId(packetId)
                .payload(Unpooled.wrappedBuffer(new byte[] {(byte) firstByte, 2, 3})).build();
    }

    private static Authorizer anyone() {
        return new Authorizer() {
            @Override
            public boolean mayConnect(IdentityId id) {
                return true;
            }

            @Override
            public boolean mayPublish(IdentityId id, String topic) {
                return true;
            }

            @Override
            public boolean maySubscribe(IdentityId id, String topicFilter) {
                return true;
            }
        };
    }

    /** The PUBACKs written so far, read back with Netty's MQTT decoder as the client reads them. */
    private List<Integer> pubAcks() {
        EmbeddedChannel client = new EmbeddedChannel(new MqttDecoder());
        for (ByteBuf written = channel.readOutbound(); written != null; written = channel.readOutbound()) {
            client.writeInbound(written);
        }
        List<Integer> ids = new ArrayList<>();
        for (MqttMessage ack = client.readInbound(); ack != null; ack = client.readInbound()) {
            assertEquals(MqttMessageType.PUBACK, ack.fixedHeader().messageType());
            ids.add(((MqttMessageIdVariableHeader) ack.variableHeader()).messageId());
        }
        return ids;
    }
}
