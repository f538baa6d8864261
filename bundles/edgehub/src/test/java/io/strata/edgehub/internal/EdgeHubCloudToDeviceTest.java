package io.strata.edgehub.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import io.strata.api.identity.Authorizer;
import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import java.util.List;
import java.util.Set;
import org.junit.Test;

public class EdgeHubCloudToDeviceTest {

    private static final IdentityId SENSOR = IdentityId.device("sensor-1");
    private static final Message MESSAGE = Message.builder().body(new byte[] {1}).messageId("m1").build();

    private final EdgeHubCloudToDevice cloudToDevice = new EdgeHubCloudToDevice(new MayConnect(Set.of(SENSOR)));

    @Test
    public void aDeviceThatMayNotConnectHereIsRefused() {
        cloudToDevice.transports = List.of(FakeTransport.serving("mqtt"));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> cloudToDevice.send("stranger", MESSAGE));
        assertThat(refused.getMessage(),
                is("'stranger' is not an enabled device of this node or below it, so it never connects here"));
    }

    @Test
    public void anInvalidDeviceIdIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> cloudToDevice.send("no spaces", MESSAGE));
    }

    @Test
    public void withoutAnyTransportTheEdgeHubCannotTakeTheMessage() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> cloudToDevice.send("sensor-1", MESSAGE));
        assertThat(refused.getMessage(), is("No transport serves devices on this edge hub: install strata-broker"));
    }

    @Test
    public void aConnectedDeviceGetsTheMessageThroughItsTransportOnly() {
        FakeTransport amqp = FakeTransport.serving("amqp");
        FakeTransport mqtt = FakeTransport.serving("mqtt", SENSOR);
        cloudToDevice.transports = List.of(amqp, mqtt);

        cloudToDevice.send("sensor-1", MESSAGE);

        assertThat(mqtt.sent, contains(new FakeTransport.Sent(SENSOR, "device", MESSAGE)));
        assertThat(amqp.sent, is(empty()));
    }

    @Test
    public void aDisconnectedDeviceIsHandedToEveryTransportForItsPersistentSession() {
        FakeTransport amqp = FakeTransport.serving("amqp");
        FakeTransport mqtt = FakeTransport.serving("mqtt");
        cloudToDevice.transports = List.of(amqp, mqtt);

        cloudToDevice.send("sensor-1", MESSAGE);

        assertThat(mqtt.sent, contains(new FakeTransport.Sent(SENSOR, "device", MESSAGE)));
        assertThat(amqp.sent, contains(new FakeTransport.Sent(SENSOR, "device", MESSAGE)));
    }

    /** Lets exactly the given identities connect. */
    private record MayConnect(Set<IdentityId> allowed) implements Authorizer {
        @Override
        public boolean mayConnect(IdentityId id) {
            return allowed.contains(id);
        }

        @Override
        public boolean mayPublish(IdentityId id, String topic) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean maySubscribe(IdentityId id, String topicFilter) {
            throw new UnsupportedOperationException();
        }
    }
}
