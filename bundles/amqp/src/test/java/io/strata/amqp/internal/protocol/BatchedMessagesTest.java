package io.strata.amqp.internal.protocol;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.strata.api.message.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.junit.Test;

public class BatchedMessagesTest {

    @Test
    public void aBatchCarriesEachMessageWholeAndInOrder() {
        Message first = Message.builder().body("{\"t\":21.5}".getBytes(StandardCharsets.UTF_8)).messageId("m-1")
                .correlationId("c-1").contentType("application/json").contentEncoding("utf-8")
                .creationTime(Instant.parse("2024-01-01T00:00:00Z")).connectionDeviceId("sensor")
                .enqueuedTime(Instant.parse("2024-01-01T00:00:01Z")).applicationProperty("unit", "C")
                .applicationProperty("kind", "temperature").build();
        Message second = Message.builder().body(new byte[] {0, 1, 2, (byte) 0xff}).messageId("m-2")
                .connectionDeviceId("gw").connectionModuleId("filter").outputName("alerts").build();
        Message empty = Message.builder().body(new byte[0]).build();

        byte[] transfer = BatchedMessages.encode(List.of(wire(first), wire(second), wire(empty)));
        List<Message> decoded = BatchedMessages.decode(transfer).stream()
                .map(bytes -> MessageMapping.fromProton(ProtonMessages.decode(bytes)).build()).toList();

        assertEquals(List.of(first, second, empty), decoded);
        assertArrayEquals(second.body(), decoded.get(1).body());
        assertEquals("C", decoded.get(0).applicationProperties().get("unit"));
    }

    @Test
    public void sectionsBesideTheDataSectionsAreSkipped() {
        byte[] inner = wire(Message.builder().body("x".getBytes(StandardCharsets.UTF_8)).messageId("only").build());
        org.apache.qpid.proton.message.Message header = org.apache.qpid.proton.message.Message.Factory.create();
        header.setHeader(new Header());
        header.getHeader().setDurable(true);
        byte[] headerBytes = ProtonMessages.encode(header);
        byte[] batch = BatchedMessages.encode(List.of(inner));
        byte[] transfer = ByteBuffer.allocate(headerBytes.length + batch.length).put(headerBytes).put(batch).array();

        List<byte[]> decoded = BatchedMessages.decode(transfer);
        assertEquals(1, decoded.size());
        assertArrayEquals(inner, decoded.get(0));
    }

    @Test
    public void bytesThatAreNoSectionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BatchedMessages.decode(new byte[] {0x00, 0x53, 0x75, (byte) 0xb0,
                0x7f, 0x00, 0x00, 0x00}));
    }

    private static byte[] wire(Message message) {
        return MessageMapping.encode(message);
    }
}
