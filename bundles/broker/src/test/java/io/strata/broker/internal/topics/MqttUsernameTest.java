package io.strata.broker.internal.topics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.strata.api.identity.IdentityId;
import org.junit.Test;

public class MqttUsernameTest {

    @Test
    public void parsesDeviceUsername() {
        MqttUsername user = MqttUsername.parse("edge.local/dev1/?api-version=2021-04-12");
        assertEquals("edge.local", user.hostname());
        assertEquals(IdentityId.device("dev1"), user.identity());
        assertEquals("2021-04-12", user.apiVersion());
    }

    @Test
    public void parsesModuleUsernameAndToleratesOtherParameters() {
        MqttUsername user = MqttUsername.parse(
                "edge.local/dev1/filter/?api-version=2020-09-30&DeviceClientType=azure-iot-device%2F1.0");
        assertEquals(IdentityId.module("dev1", "filter"), user.identity());
        assertEquals("azure-iot-device/1.0", user.query().get("DeviceClientType"));
    }

    @Test
    public void refusesMalformedUsernames() {
        assertThrows(IllegalArgumentException.class, () -> MqttUsername.parse("edge.local/dev1/"));
        assertThrows(IllegalArgumentException.class, () -> MqttUsername.parse("edge.local/?api-version=1"));
        assertThrows(IllegalArgumentException.class, () -> MqttUsername.parse("edge.local/d/m/x/?api-version=1"));
        assertThrows(IllegalArgumentException.class, () -> MqttUsername.parse("/dev1/?api-version=1"));
        assertThrows(IllegalArgumentException.class, () -> MqttUsername.parse("edge.local/dev1/?other=1"));
        assertThrows(IllegalArgumentException.class, () -> MqttUsername.parse("edge.local/bad#id/?api-version=1"));
    }
}
