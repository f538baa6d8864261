package io.strata.amqp.internal.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
        byte[] wire = ProtonMessages.encode(MessageMapping.toProton(message));
        assertEquals(message, MessageMapping.fromProton(ProtonMessages.decode(wire)).build());
    }

    /** What the upstream link sends: written straight from the message, read by Proton as what toProton maps. */
    @Test
    public void writtenMessagesReadAsTheirMapping() {
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
        for (Message message : java.util.List.of(full, bare, large, onlyCreated)) {
            org.apache.qpid.proton.message.Message written = ProtonMessages.decode(MessageMapping.encode(message));
            org.apache.qpid.proton.message.Message mapped = MessageMapping.toProton(message);
            assertEquals(message, MessageMapping.fromProton(written).build());
            assertEquals(String.valueOf(mapped.getProperties()), String.valueOf(written.getProperties()));
            assertEquals(mapped.getMessageAnnotations() == null ? null : mapped.getMessageAnnotations().getValue(),
                    written.getMessageAnnotations() == null ? null : written.getMessageAnnotations().getValue());
            assertEquals(mapped.getApplicationProperties() == null ? null : mapped.getApplicationProperties().getValue(),
                    written.getApplicationProperties() == null ? null : written.getApplicationProperties().getValue());
        }
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
