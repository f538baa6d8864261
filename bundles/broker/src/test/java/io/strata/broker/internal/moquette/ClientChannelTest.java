package io.strata.broker.internal.moquette;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * A client connection's handler on Netty's embedded channel, between the client's packets and
 * Moquette's answers: the edge hub's deliveries leave together with one flush and wait for their
 * PUBACKs, one sweep fails the overdue, and the subscriptions follow what Moquette granted.
 */
public class ClientChannelTest {

    private static final Duration ACKNOWLEDGE_TIMEOUT = Duration.ofSeconds(1);
    private static final String INPUTS = "devices/dev1/modules/mod1/inputs/#";
    private static final String INPUT_TOPIC = "devices/dev1/modules/mod1/inputs/in1/";

    private final ClientChannel client = new ClientChannel(new ConnectedClients(Optional::empty), null,
            Duration.ofMinutes(1), ACKNOWLEDGE_TIMEOUT, null);
    private int flushes;
    private EmbeddedChannel channel;

    @Before
    public void accept() {
        channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes++;
                ctx.flush();
            }
        }, client);
    }

    @After
    public void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    public void deliveriesQueuedTogetherLeaveWithOneFlushAndCompleteOnTheirPubAcks() throws Exception {
        List<CompletableFuture<Void>> deliveries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            deliveries.add(client.publish(INPUT_TOPIC, new byte[] {(byte) i}, MqttQoS.AT_LEAST_ONCE));
        }
        channel.runPendingTasks();

        assertEquals(List.of(1, 2, 3), publishedIds());
        assertEquals(1, flushes);
        channel.writeInbound(pubAck(2));
        assertTrue(deliveries.get(1).isDone());
        assertFalse(deliveries.get(0).isDone());
        assertFalse(deliveries.get(2).isDone());
        channel.writeInbound(pubAck(1), pubAck(3));
        for (CompletableFuture<Void> delivery : deliveries) {
            delivery.get();
        }
    }

    @Test
    public void aDeliveryNotAcknowledgedInTimeFailsAndTheOthersWait() throws Exception {
        CompletableFuture<Void> early = client.publish(INPUT_TOPIC, new byte[0], MqttQoS.AT_LEAST_ONCE);
        channel.runPendingTasks();
        Thread.sleep(ACKNOWLEDGE_TIMEOUT.toMillis() / 2);
        CompletableFuture<Void> late = client.publish(INPUT_TOPIC, new byte[0], MqttQoS.AT_LEAST_ONCE);
        channel.runPendingTasks();
        publishedIds();

        Thread.sleep(ACKNOWLEDGE_TIMEOUT.toMillis() * 7 / 10); // the early one is overdue, the late one has 300 ms left
        channel.runScheduledPendingTasks();

        ExecutionException failure = assertThrows(ExecutionException.class, early::get);
        assertTrue(failure.getCause() instanceof TimeoutException);
        assertFalse("acknowledged in time yet", late.isDone());
        channel.writeInbound(pubAck(2));
        late.get();
    }

    @Test
    public void subscriptionsFollowWhatMoquetteGrantsAndUnsubscribes() {
        channel.writeInbound(MqttMessageBuilders.subscribe().messageId(7)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, INPUTS)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "devices/dev1/modules/other/inputs/#").build());
        assertEquals(Optional.empty(), client.subscriptions().qosFor(INPUT_TOPIC + "x"));

        // Moquette grants the module's own inputs and refuses another's.
        channel.writeOutbound(new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false,
                MqttQoS.AT_MOST_ONCE, false, 0), MqttMessageIdVariableHeader.from(7),
                new MqttSubAckPayload(MqttQoS.AT_LEAST_ONCE.value(), MqttQoS.FAILURE.value())));
        assertEquals(Optional.of(MqttQoS.AT_LEAST_ONCE), client.subscriptions().qosFor(INPUT_TOPIC + "x"));
        assertEquals(Optional.empty(), client.subscriptions().qosFor("devices/dev1/modules/other/inputs/in1/x"));

        channel.writeInbound(MqttMessageBuilders.unsubscribe().messageId(8).addTopicFilter(INPUTS).build());
        assertEquals("until Moquette answers", Optional.of(MqttQoS.AT_LEAST_ONCE),
                client.subscriptions().qosFor(INPUT_TOPIC + "x"));
        channel.writeOutbound(new MqttUnsubAckMessage(new MqttFixedHeader(MqttMessageType.UNSUBACK, false,
                MqttQoS.AT_MOST_ONCE, false, 0), MqttMessageIdVariableHeader.from(8)));
        assertEquals(Optional.empty(), client.subscriptions().qosFor(INPUT_TOPIC + "x"));
    }

    private List<Integer> publishedIds() {
        List<Integer> ids = new ArrayList<>();
        for (Object written = channel.readOutbound(); written != null; written = channel.readOutbound()) {
            MqttPublishMessage publish = (MqttPublishMessage) written;
            ids.add(publish.variableHeader().packetId());
            publish.release();
        }
        return ids;
    }

    private static MqttPubAckMessage pubAck(int packetId) {
        return new MqttPubAckMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                MqttMessageIdVariableHeader.from(packetId));
    }
}
