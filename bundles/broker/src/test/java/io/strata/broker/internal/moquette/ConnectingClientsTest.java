package io.strata.broker.internal.moquette;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import org.junit.Test;

public class ConnectingClientsTest {

    private final ConnectingClients connecting = new ConnectingClients(2);

    @Test
    public void aConnectionOverTheBoundIsClosedAtItsAcceptAndAConnectedOrClosedOneMakesRoom() {
        EmbeddedChannel first = admitted();
        EmbeddedChannel second = admitted();
        EmbeddedChannel third = new EmbeddedChannel();

        assertNull(connecting.admit(third));
        assertFalse(third.isOpen());
        assertEquals(2, connecting.connecting());

        first.writeOutbound(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).build());
        assertEquals("a connected client no longer counts", 1, connecting.connecting());
        first.close();
        assertEquals(1, connecting.connecting());
        second.close();
        assertEquals(0, connecting.connecting());
        admitted();
    }

    @Test
    public void aRefusedConnectStillCountsUntilItsConnectionCloses() {
        EmbeddedChannel channel = admitted();
        channel.writeOutbound(MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD).build());
        assertEquals(1, connecting.connecting());
        channel.close();
        assertEquals(0, connecting.connecting());
    }

    private EmbeddedChannel admitted() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ChannelHandler place = connecting.admit(channel);
        assertTrue(channel.isOpen());
        channel.pipeline().addLast(place);
        return channel;
    }
}
