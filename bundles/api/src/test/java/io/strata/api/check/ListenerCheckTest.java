package io.strata.api.check;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.strata.api.check.CheckResult.Status;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.Test;

public class ListenerCheckTest {

    @Test
    public void aListenerOnEveryInterfaceIsReachedOnLoopback() throws Exception {
        try (ServerSocket listener = new ServerSocket(0)) {
            ListenerCheck check = new ListenerCheck("MQTT over TLS", "etc/io.strata.broker.cfg",
                    () -> Optional.of(new ListenerCheck.Address("0.0.0.0", listener.getLocalPort())));
            assertEquals("listener-mqtt-over-tls", check.id());
            assertEquals(Status.OK, check.check().status());
        }
    }

    @Test
    public void aPortNothingListensOnIsAnErrorNamingTheAddressAndTheFile() throws Exception {
        int port;
        try (ServerSocket vacated = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = vacated.getLocalPort();
        }
        int closedPort = port;
        CheckResult result = new ListenerCheck("AMQP over TLS", "etc/io.strata.amqp.cfg",
                () -> Optional.of(new ListenerCheck.Address("127.0.0.1", closedPort))).check();
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.detail(), result.detail().contains("127.0.0.1:" + closedPort));
        assertTrue(result.fix(), result.fix().contains("etc/io.strata.amqp.cfg"));
    }

    @Test
    public void aDisabledListenerIsSkipped() {
        CheckResult result = new ListenerCheck("AMQP over TLS", "etc/io.strata.amqp.cfg", Optional::empty).check();
        assertEquals(Status.SKIPPED, result.status());
    }
}
