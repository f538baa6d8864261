package io.strata.broker.internal.moquette;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.moquette.broker.InflightResender;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Before;
import org.junit.Test;

public class InflightResendTest {

    private final AtomicInteger resendAsks = new AtomicInteger();
    private EmbeddedChannel channel;

    @Before
    public void connect() {
        channel = new EmbeddedChannel(new InflightResend(InflightResend.PERIOD), new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                if (event instanceof InflightResender.ResendNotAckedPublishes) {
                    resendAsks.incrementAndGet();
                }
            }
        });
        // Moquette adds its resender once the CONNACK is written.
        channel.write(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).build())
                .addListener(written -> channel.pipeline().addFirst(InflightResend.MOQUETTE_RESENDER,
                        new ChannelDuplexHandler()));
        channel.flush();
        channel.runPendingTasks();
    }

    @Test
    public void aConnectionWithNothingInFlightIsAskedOnceAfterItsConnackAndThenNoMore() {
        assertNull("Moquette's resender is taken out", channel.pipeline().get(InflightResend.MOQUETTE_RESENDER));

        passSeconds(5);
        assertEquals("a resumed session's publishes are resent", 1, resendAsks.get());
        passSeconds(60);
        assertEquals(1, resendAsks.get());
    }

    @Test
    public void moquettesSessionIsAskedEveryPeriodWhileOneOfItsPublishesWaitsForItsPuback() {
        passSeconds(5);
        channel.writeAndFlush(MqttMessageBuilders.publish().topicName("devices/d/messages/devicebound/")
                .qos(MqttQoS.AT_LEAST_ONCE).messageId(7).payload(Unpooled.EMPTY_BUFFER).build());
        passSeconds(5);
        passSeconds(5);
        assertEquals(3, resendAsks.get());

        channel.writeInbound(MqttMessageBuilders.pubAck().packetId(7).build());
        passSeconds(5);
        passSeconds(30);
        assertEquals("one last ask, then none once it was acknowledged", 4, resendAsks.get());
    }

    private void passSeconds(int seconds) {
        channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
    }
}
