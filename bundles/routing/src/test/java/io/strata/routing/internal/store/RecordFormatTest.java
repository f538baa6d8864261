package io.strata.routing.internal.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.strata.api.message.Message;
import io.strata.api.message.MessageCodec;
import io.strata.routing.internal.store.RecordFormat.StoredDestination;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class RecordFormatTest {
    private static final long ENQUEUED = Instant.parse("2025-01-02T03:04:05.678Z").toEpochMilli();

    private static ByteBuffer body(ByteBuffer record) {
        return record.duplicate().position(RecordFormat.HEADER_BYTES).slice();
    }

    @Test
    public void aMessageRecordKeepsSequenceTimesDestinationsAndTheWholeMessage() {
        Message message = Message.builder().body("{\"t\":21.5}".getBytes(StandardCharsets.UTF_8))
                .messageId("m-1").contentType("application/json").contentEncoding("utf-8")
                .connectionDeviceId("sensor-1").connectionModuleId("filter").enqueuedTime(Instant.ofEpochMilli(ENQUEUED))
                .applicationProperty("alert", "true").applicationProperty("Grüße", "ünïcode").build();
        List<StoredDestination> destinations = List.of(new StoredDestination("$upstream", 10, ENQUEUED + 7200_000),
                new StoredDestination("BrokeredEndpoint(\"/modules/ünï/inputs/in\")", 0, ENQUEUED + 60_000));

        ByteBuffer written = RecordFormat.message(ByteBuffer.allocate(16).putLong(7), ENQUEUED, destinations, message);
        ByteBuffer record = RecordFormat.seal(written.slice(Long.BYTES, written.position() - Long.BYTES), 42);
        RecordFormat.MessageRecord read = RecordFormat.readMessage(body(record));

        assertThat("what the buffer held before, which had no room for the record", written.getLong(0), is(7L));
        assertThat(record.getInt(0), is(record.remaining() - RecordFormat.HEADER_BYTES));
        assertThat(record.getInt(Integer.BYTES), is(RecordFormat.checksum(body(record))));
        assertThat(read.sequence(), is(42L));
        assertThat(read.enqueuedMillis(), is(ENQUEUED));
        assertThat(read.destinations(), is(destinations));
        assertThat(read.messageOffset() + RecordFormat.HEADER_BYTES,
                is(RecordFormat.messageOffset(record)));
        assertThat(read.messageLength(), is(MessageCodec.encode(message).length));
        assertThat(MessageCodec.decode(written.array(), Long.BYTES + RecordFormat.HEADER_BYTES + read.messageOffset(),
                read.messageLength()),
                is(message));
    }

    @Test
    public void removalSegmentStartAndRetainRecordsRoundTrip() {
        RecordFormat.RemoveRecord removal = RecordFormat.readRemove(body(
                RecordFormat.remove(RecordFormat.Removal.EXPIRED, "a", List.of(EntryIds.id(3, 7), EntryIds.id(10, 9)))));
        Map<String, RecordFormat.EndpointState> endpoints = Map.of("a", new RecordFormat.EndpointState(5, null),
                "$upstream", new RecordFormat.EndpointState(0, new Retention(3_600_000, 1000)));
        RecordFormat.SegmentStart start = RecordFormat.readSegmentStart(body(RecordFormat.segmentStart(99, endpoints)));
        RecordFormat.RetainRecord retain = RecordFormat.readRetain(body(RecordFormat.retain("e", new Retention(60_000, 5))));

        assertThat(removal.removal(), is(RecordFormat.Removal.EXPIRED));
        assertThat(removal.endpoint(), is("a"));
        assertThat(List.of(removal.ids()[0], removal.ids()[1]), contains(EntryIds.id(3, 7), EntryIds.id(10, 9)));
        assertThat(start.lastSequence(), is(99L));
        assertThat(start.endpoints(), is(endpoints));
        assertThat(retain, is(new RecordFormat.RetainRecord("e", new Retention(60_000, 5))));
        assertThat(RecordFormat.readForget(body(RecordFormat.forget("gone"))), is("gone"));
    }

    @Test
    public void theChecksumSeesAFlippedByte() {
        ByteBuffer record = RecordFormat.forget("endpoint");
        int checksum = record.getInt(Integer.BYTES);
        record.put(record.limit() - 1, (byte) (record.get(record.limit() - 1) ^ 1));

        assertThat(RecordFormat.checksum(body(record)), is(not(checksum)));
    }
}
