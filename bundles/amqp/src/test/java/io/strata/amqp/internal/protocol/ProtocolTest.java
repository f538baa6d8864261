package io.strata.amqp.internal.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.junit.Test;

public class ProtocolTest {

    @Test
    public void linkAddressesParseAndPrint() {
        LinkAddress module = LinkAddress.parse("/devices/gw/modules/filter/messages/events");
        assertEquals(IdentityId.module("gw", "filter"), module.identity());
        assertEquals(LinkAddress.Endpoint.EVENTS, module.endpoint());
        assertEquals("/devices/gw/modules/filter/messages/events", module.toString());
        assertEquals(LinkAddress.Endpoint.NODE_TWINS_REPORTED,
                LinkAddress.parse("amqps://hub.local/devices/child/$strata/twins/reported").endpoint());
        assertEquals("/devices/d/methods/devicebound",
                LinkAddress.of(IdentityId.device("d"), LinkAddress.Endpoint.METHODS).toString());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> LinkAddress.parse("/devices/d/elsewhere"));
        assertTrue(unknown.getMessage().contains("/devices/d/elsewhere"));
        assertThrows(IllegalArgumentException.class, () -> LinkAddress.parse("/devices/d/modules/m/$strata/c2d"));
    }

    @Test
    public void messagesMapBothWays() {
        Message message = Message.builder().body("x".getBytes(StandardCharsets.UTF_8)).messageId("m-1")
                .correlationId("c-1").to("/devices/d").userId("u").contentType("application/json")
                .contentEncoding("utf-8").creationTime(Instant.parse("2024-01-01T00:00:00Z"))
                .expiry(Instant.parse("2024-01-02T00:00:00Z")).connectionDeviceId("d").connectionModuleId("m")
                .enqueuedTime(Instant.parse("2024-01-01T00:00:01Z")).outputName("out").inputName("in")
                .applicationProperty("k", "v").build();
        byte[] wire = MessageMapping.encode(message);
        assertEquals(message, MessageMapping.fromProton(ProtonMessages.decode(wire)).build());
    }

    /**
     * The bytes written straight from a message read back as the message, with the AMQP types the IoT Hub
     * SDKs expect: timestamps, symbols for the content type and annotation keys, a binary user id.
     */
    @Test
    public void writtenMessagesReadBackWithTheirAmqpTypes() {
        String longText = "x".repeat(300);
        Message full = Message.builder().body("x".getBytes(StandardCharsets.UTF_8)).messageId("m-1")
                .correlationId("c-1").to("/devices/d").userId("u").contentType("application/json")
                .contentEncoding("utf-8").creationTime(Instant.parse("2024-01-01T00:00:00Z"))
                .expiry(Instant.parse("2024-01-02T00:00:00Z")).connectionDeviceId("d").connectionModuleId("m")
                .enqueuedTime(Instant.parse("2024-01-01T00:00:01.234Z")).outputName("out").inputName("in")
                .applicationProperty("k", "v").applicationProperty("ü", "é").build();
        Message bare = Message.builder().body(new byte[0]).build();
        Message large = Message.builder().body(new byte[70_000]).messageId(longText).contentType(longText)
                .connectionDeviceId(longText).applicationProperty(longText, longText).build();
        Message onlyCreated = Message.builder().body("{}".getBytes(StandardCharsets.UTF_8))
                .creationTime(Instant.parse("2024-01-01T00:00:00Z")).build();
        for (Message message : List.of(full, bare, large, onlyCreated)) {
            assertEquals(message, MessageMapping.fromProton(ProtonMessages.decode(MessageMapping.encode(message))).build());
        }

        org.apache.qpid.proton.message.Message written = ProtonMessages.decode(MessageMapping.encode(full));
        Properties properties = written.getProperties();
        assertEquals(new Date(Instant.parse("2024-01-01T00:00:00Z").toEpochMilli()), properties.getCreationTime());
        assertEquals(new Date(Instant.parse("2024-01-02T00:00:00Z").toEpochMilli()), properties.getAbsoluteExpiryTime());
        assertEquals(Symbol.valueOf("application/json"), properties.getContentType());
        assertEquals(Symbol.valueOf("utf-8"), properties.getContentEncoding());
        assertEquals(new Binary("u".getBytes(StandardCharsets.UTF_8)), properties.getUserId());
        assertEquals(Map.of(AmqpNames.CONNECTION_DEVICE_ID, "d", AmqpNames.CONNECTION_MODULE_ID, "m",
                AmqpNames.ENQUEUED_TIME, new Date(Instant.parse("2024-01-01T00:00:01.234Z").toEpochMilli()),
                AmqpNames.OUTPUT_NAME, "out", AmqpNames.INPUT_NAME, "in"), written.getMessageAnnotations().getValue());
        assertEquals(Map.of("k", "v", "ü", "é"), written.getApplicationProperties().getValue());
        assertNull(ProtonMessages.decode(MessageMapping.encode(bare)).getMessageAnnotations());
    }

    /** On a node link to a child, each message names whom below it is for; the message itself reads back as it was. */
    @Test
    public void messagesForAChildNodeNameTheirIdentity() {
        Message message = Message.builder().body("open".getBytes(StandardCharsets.UTF_8)).messageId("c2d-1").build();
        org.apache.qpid.proton.message.Message written = ProtonMessages.decode(
                MessageMapping.encodeFor(message, IdentityId.device("grandchild")));
        assertEquals("grandchild", ProtonMessages.annotation(written, AmqpNames.IDENTITY));
        assertEquals(message, MessageMapping.fromProton(written).build());
    }

    /** The Azure IoT SDKs' module clients name the output in an application property, not an annotation. */
    @Test
    public void theOutputNameIsAlsoTakenFromTheSdksApplicationProperty() {
        org.apache.qpid.proton.message.Message proton = ProtonMessages.withData("x".getBytes(StandardCharsets.UTF_8));
        ProtonMessages.setProperty(proton, "iothub-outputname", "loop");
        ProtonMessages.setProperty(proton, "seq", "0");
        Message message = MessageMapping.fromProton(proton).build();
        assertEquals("loop", message.systemProperties().get(io.strata.api.message.SystemProperty.OUTPUT_NAME));
        assertEquals(java.util.Map.of("seq", "0"), message.applicationProperties());
    }
}
