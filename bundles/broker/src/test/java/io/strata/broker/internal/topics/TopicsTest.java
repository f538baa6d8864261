package io.strata.broker.internal.topics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.message.PropertyBag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.Test;

public class TopicsTest {

    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    @Test
    public void parsesDeviceTelemetryWithSystemAndApplicationProperties() throws Exception {
        TelemetryTopic topic = TelemetryTopic.parse("devices/dev-1/messages/events/"
                + "%24.mid=m1&%24.cid=c1&%24.ct=application%2Fjson&%24.ce=utf-8&%24.exp=2030-01-01T00%3A00%3A00%2B01%3A00"
                + "&%24.ctime=2025-01-01T00%3A00%3A00.000Z&%24.to=%2Fdevices%2Fx&%24.uid=u&level=high%20%26%20dry").get();
        assertEquals(IdentityId.device("dev-1"), topic.sender());

        Message message = topic.template(IdentityId.device("dev-1")).stamp("{}".getBytes(StandardCharsets.UTF_8), NOW);
        assertEquals("m1", message.messageId().get());
        assertEquals("c1", message.correlationId().get());
        assertEquals("application/json", message.contentType().get());
        assertEquals("utf-8", message.contentEncoding().get());
        assertEquals(Instant.parse("2029-12-31T23:00:00Z"), message.expiry().get());
        assertEquals(Instant.parse("2025-01-01T00:00:00Z"), message.creationTime().get());
        assertEquals(NOW, message.enqueuedTime().get());
        assertEquals("dev-1", message.connectionDeviceId().get());
        assertFalse(message.connectionModuleId().isPresent());
        assertEquals(Map.of("level", "high & dry"), message.applicationProperties());
    }

    @Test
    public void takesConnectionIdsFromTheAuthenticatedClientNeverFromTheBag() throws Exception {
        TelemetryTopic topic = TelemetryTopic.parse(
                "devices/edge/modules/filter/messages/events/$.on=alerts&$.cdid=liar&$.cmid=liar").get();
        Message message = topic.template(IdentityId.module("edge", "filter")).stamp(new byte[0], NOW);
        assertEquals("edge", message.connectionDeviceId().get());
        assertEquals("filter", message.connectionModuleId().get());
        assertEquals("alerts", message.outputName().get());
    }

    @Test
    public void acceptsTelemetryWithoutBagOrFinalSlash() throws Exception {
        assertTrue(TelemetryTopic.parse("devices/d/messages/events/").get().properties().isEmpty());
        assertTrue(TelemetryTopic.parse("devices/d/messages/events").get().properties().isEmpty());
    }

    /** The Azure IoT SDK for Java ends a module's event topic with '/', after the bag. */
    @Test
    public void dropsTheSlashAfterAModulesPropertyBag() throws Exception {
        TelemetryTopic topic = TelemetryTopic.parse("devices/edge/modules/filter/messages/events/$.on=loop&seq=0/").get();
        assertEquals(Map.of("$.on", "loop", "seq", "0"), topic.properties());
        assertEquals("a/b", TelemetryTopic.parse("devices/d/messages/events/path=a%2Fb/").get().properties().get("path"));
    }

    @Test
    public void leavesOtherTopicsAlone() throws Exception {
        assertFalse(TelemetryTopic.parse("$iothub/twin/GET/?$rid=1").isPresent());
        assertFalse(TelemetryTopic.parse("devices/d/messages/devicebound/").isPresent());
        assertFalse(TelemetryTopic.parse("devices//messages/events/").isPresent());
    }

    @Test
    public void refusesMalformedTelemetry() {
        assertThrows(MalformedTopicException.class, () -> TelemetryTopic.parse("devices/bad#id/messages/events/"));
        assertThrows(MalformedTopicException.class, () -> TelemetryTopic.parse("devices/d/messages/events/a=%G0"));
        MalformedTopicException badTime = assertThrows(MalformedTopicException.class, () -> TelemetryTopic
                .parse("devices/d/messages/events/$.exp=tomorrow").get().template(IdentityId.device("d")).stamp(new byte[0], NOW));
        assertTrue(badTime.getMessage().contains("$.exp"));
    }

    @Test
    public void formatsModuleInputsThatParseBack() throws Exception {
        Message message = Message.builder().messageId("id/1").outputName("out 1").connectionDeviceId("edge")
                .connectionModuleId("sensor").applicationProperty("k&y", "v=1").inputName("in1").enqueuedTime(NOW).build();
        String topic = DeliveryTopics.moduleInput(IdentityId.module("edge", "filter"), "in1", message);
        // System properties first, as IoT Hub orders them.
        assertEquals("devices/edge/modules/filter/inputs/in1/"
                + "%24.mid=id%2F1&%24.cdid=edge&%24.cmid=sensor&%24.on=out%201&k%26y=v%3D1", topic);
        String bag = topic.substring("devices/edge/modules/filter/inputs/in1/".length());
        assertEquals(Map.of("k&y", "v=1", "$.mid", "id/1", "$.on", "out 1", "$.cdid", "edge", "$.cmid", "sensor"),
                BagProperties.parse(bag));
    }

    @Test
    public void formatsCloudToDeviceMessages() {
        Message message = Message.builder().messageId("m").applicationProperty("a", "b c").build();
        assertEquals("devices/d1/messages/devicebound/%24.mid=m&%24.to=%2Fdevices%2Fd1%2Fmessages%2FdeviceBound&a=b%20c",
                DeliveryTopics.cloudToDevice(IdentityId.device("d1"), message));
    }

    /**
     * The Java device SDK (2.x) reads a cloud-to-device bag only from its first {@code %24}: the
     * bag always starts with a system property, even for a message that has none of its own.
     */
    @Test
    public void startsEveryCloudToDeviceBagWithASystemPropertyAsIotHubDoes() throws Exception {
        String topic = DeliveryTopics.cloudToDevice(IdentityId.device("d1"),
                Message.builder().applicationProperty("kind", "command").build());
        String bag = topic.substring("devices/d1/messages/devicebound/".length());
        assertTrue(topic, bag.startsWith("%24.to="));
        assertEquals(Map.of("$.to", "/devices/d1/messages/deviceBound", "kind", "command"), BagProperties.parse(bag));

        Message addressed = Message.builder().to("/devices/d1/messages/elsewhere").applicationProperty("k", "v").build();
        assertEquals("devices/d1/messages/devicebound/%24.to=%2Fdevices%2Fd1%2Fmessages%2Felsewhere&k=v",
                DeliveryTopics.cloudToDevice(IdentityId.device("d1"), addressed));
    }

    @Test
    public void refusesDeliveryTopicsThatCannotBeFormed() {
        Message message = Message.builder().build();
        assertThrows(IllegalArgumentException.class,
                () -> DeliveryTopics.moduleInput(IdentityId.module("d", "m"), "in/put", message));
        assertThrows(IllegalArgumentException.class,
                () -> DeliveryTopics.moduleInput(IdentityId.device("d"), "input", message));
        assertThrows(IllegalArgumentException.class,
                () -> DeliveryTopics.cloudToDevice(IdentityId.module("d", "m"), message));
    }

    @Test
    public void aForwardedMessageKeepsItsEnqueuedTimeAndPropertiesInTheTopic() {
        Message message = Message.builder().body(new byte[0]).messageId("m1").enqueuedTime(Instant.parse(
                "2025-01-02T03:04:05.678Z")).applicationProperty("level", "high").build();
        String prefix = "devices/leaf/modules/m/messages/events/";
        String topic = NodeTopics.telemetry(IdentityId.module("leaf", "m"), message);
        assertTrue(topic, topic.startsWith(prefix));
        Map<String, String> bag = PropertyBag.parse(topic.substring(prefix.length()));
        assertEquals(Map.of("$.mid", "m1", PropertyBag.ENQUEUED_TIME, "2025-01-02T03:04:05.678Z", "level", "high"), bag);
    }
}
