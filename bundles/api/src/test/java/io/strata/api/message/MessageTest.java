package io.strata.api.message;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.time.Instant;
import java.util.Map;
import org.junit.Test;

public class MessageTest {

    private static final Instant T1 = Instant.parse("2026-12-07T01:02:03.456Z");

    @Test
    public void bodyCopiesTheArrayAndTakeBodyTakesItAsIs() {
        byte[] body = {1, 2, 3};
        Message copied = Message.builder().body(body).build();
        Message taken = Message.builder().takeBody(body).build();
        body[0] = 9;

        assertArrayEquals(new byte[] {1, 2, 3}, copied.body());
        assertArrayEquals(new byte[] {9, 2, 3}, taken.body());
        assertEquals(0, Message.builder().takeBody(null).build().bodySize());
    }

    @Test
    public void theBodyBufferReadsTheBodyAndCannotChangeIt() {
        Message message = Message.builder().body(new byte[] {1, 2, 3}).build();
        ByteBuffer view = message.bodyBuffer();

        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), view);
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 9));
        assertArrayEquals(new byte[] {1, 2, 3}, message.body());
    }

    @Test
    public void aBuilderFromAMessageChangesOnlyWhatItSets() {
        Message original = Message.builder().messageId("m-1").applicationProperty("a", "1").body(new byte[] {1}).build();

        Message same = original.toBuilder().build();
        Message changed = original.toBuilder().enqueuedTime(T1).applicationProperty("b", "2").build();

        assertEquals(original, same);
        assertSame(original.applicationProperties(), same.applicationProperties());
        assertEquals(Map.of(SystemProperty.MESSAGE_ID, "m-1", SystemProperty.ENQUEUED_TIME, "2026-12-07T01:02:03.456Z"),
                changed.systemProperties());
        assertEquals(Map.of("a", "1", "b", "2"), changed.applicationProperties());
        assertEquals(Map.of(SystemProperty.MESSAGE_ID, "m-1"), original.systemProperties());
        assertEquals(Map.of("a", "1"), original.applicationProperties());
    }

    @Test
    public void aBuilderChangedAfterBuildingLeavesWhatItBuiltAsItWas() {
        Message.Builder builder = Message.builder().messageId("m-1").applicationProperty("a", "1");
        Message first = builder.build();

        Message second = builder.messageId("m-2").applicationProperty("a", "2").applicationProperty("b", "3").build();

        assertEquals(Map.of(SystemProperty.MESSAGE_ID, "m-1"), first.systemProperties());
        assertEquals(Map.of("a", "1"), first.applicationProperties());
        assertEquals(Map.of(SystemProperty.MESSAGE_ID, "m-2"), second.systemProperties());
        assertEquals(Map.of("a", "2", "b", "3"), second.applicationProperties());
    }

    @Test
    public void messagesEnqueuedInTheSameInstantShareItsText() {
        Message first = Message.builder().enqueuedTime(T1).build();
        Message second = Message.builder().enqueuedTime(Instant.parse("2026-12-07T01:02:03.456Z")).build();
        Message later = Message.builder().enqueuedTime(T1.plusMillis(1)).build();

        assertSame(first.systemProperties().get(SystemProperty.ENQUEUED_TIME),
                second.systemProperties().get(SystemProperty.ENQUEUED_TIME));
        assertEquals(T1, second.enqueuedTime().get());
        assertEquals("2026-12-07T01:02:03.457Z", later.systemProperties().get(SystemProperty.ENQUEUED_TIME));
    }

    @Test
    public void theBytesAMessageArrivedAsStayOnlyWhileNothingChangesIt() {
        byte[] wire = {0, 0x53, 0x70};
        Message forwarded = Message.builder().messageId("m-1").received("amqp", wire).build();

        assertSame(wire, forwarded.received("amqp"));
        assertNull(forwarded.received("mqtt"));
        assertEquals(Message.builder().messageId("m-1").build(), forwarded);
        assertNull(Message.builder().received("amqp", wire).messageId("m-1").build().received("amqp"));
        assertNull(Message.builder().received("amqp", wire).applicationProperty("a", "1").build().received("amqp"));
        assertNull(Message.builder().received("amqp", wire).takeBody(new byte[1]).build().received("amqp"));
        assertNull(forwarded.toBuilder().build().received("amqp"));
    }
}
