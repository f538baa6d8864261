package io.strata.routing.internal.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.strata.api.message.Message;
import java.nio.ByteBuffer;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Decoded messages stay while some endpoint waits for them and the bound allows, and leave only once on disk. */
public class HotTailTest {
    private static final int RECORD_BYTES = 100;

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private Segment segment;
    private StoredRecord first;
    private StoredRecord second;
    private HotTail tailOfTwo;

    @Before
    public void createSegment() throws Exception {
        segment = Segment.create(folder.getRoot().toPath(), 1);
    }

    @After
    public void closeSegment() throws Exception {
        segment.close();
    }

    private StoredRecord record(long sequence) {
        long position = segment.append(ByteBuffer.allocate(RECORD_BYTES), new WriteChunks(0));
        return new StoredRecord(sequence, segment, position, RECORD_BYTES, RECORD_BYTES);
    }

    private void writeAndForce() throws Exception {
        segment.write(segment.takePending());
        segment.force();
    }

    private static Message message(long sequence) {
        return Message.builder().messageId("m" + sequence).build();
    }

    /** A tail with room for ten records, holding two. */
    private void holdTwo() {
        first = record(1);
        second = record(2);
        tailOfTwo = new HotTail(10 * RECORD_BYTES);
        tailOfTwo.add(first, message(1));
        tailOfTwo.add(second, message(2));
    }

    @Test
    public void aMessageNoEndpointWaitsForLeavesAtOnce() {
        holdTwo();
        tailOfTwo.remove(first);

        assertThat(tailOfTwo.get(first), is(nullValue()));
        assertThat(tailOfTwo.get(second), is(message(2)));
    }

    @Test
    public void onceNoEndpointWaitsForAnyItHoldsNoRecord() {
        holdTwo();
        tailOfTwo.remove(second);
        assertThat("the second left behind the first, which stays", tailOfTwo.held(), is(2));
        tailOfTwo.remove(first);

        assertThat(tailOfTwo.held(), is(0));
    }

    @Test
    public void beyondItsBoundTheOldestLeaveButOnlyOnceTheyAreOnDisk() throws Exception {
        HotTail tail = new HotTail(2 * RECORD_BYTES);
        StoredRecord[] records = {record(1), record(2), record(3), record(4)};
        tail.add(records[0], message(1));
        tail.add(records[1], message(2));
        tail.add(records[2], message(3));
        assertThat("not on disk yet, so not readable elsewhere", tail.get(records[0]), is(message(1)));

        writeAndForce();
        tail.add(records[3], message(4));

        assertThat(tail.get(records[0]), is(nullValue()));
        assertThat(tail.get(records[1]), is(nullValue()));
        assertThat(tail.get(records[2]), is(message(3)));
        assertThat(tail.get(records[3]), is(message(4)));
    }
}
