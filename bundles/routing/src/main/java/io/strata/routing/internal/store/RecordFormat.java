package io.strata.routing.internal.store;

import io.strata.api.message.Message;
import io.strata.api.message.MessageCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The records of the {@link SegmentLog}. Each is framed as
 * <pre>
 * int     body length
 * int     CRC32C of the body
 * body:   byte type, then the payload of that type
 * </pre>
 * Payloads (strings as an unsigned short length and UTF-8 bytes, times in epoch milliseconds):
 * <ul>
 * <li>{@link #MESSAGE}: long sequence, long enqueued, byte destination count, per destination (string endpoint,
 * byte priority, long expiry), then the message as {@link io.strata.api.message.MessageCodec} writes it, to the
 * record's end. One record per message, however many endpoints take it.</li>
 * <li>{@link #REMOVE}: byte {@link Removal}, string endpoint, int count, that many entry ids.</li>
 * <li>{@link #SEGMENT_START}: long last sequence, int endpoint count, per endpoint (string endpoint, long
 * checkpoint, {@link Retention}): the first record of every segment, so older segments can go without losing
 * them.</li>
 * <li>{@link #FORGET}: string endpoint, whose queue was removed.</li>
 * <li>{@link #RETAIN}: string endpoint, {@link Retention}: from here on the endpoint's messages stay after
 * delivery.</li>
 * </ul>
 * A {@link Retention} is written as long milliseconds and long maximum count, both 0 for none.
 */
final class RecordFormat {
    static final int HEADER_BYTES = 2 * Integer.BYTES;
    static final byte MESSAGE = 1;
    static final byte REMOVE = 2;
    static final byte SEGMENT_START = 3;
    static final byte FORGET = 4;
    static final byte RETAIN = 5;
    /** Where a message record's sequence number sits, filled in when the append gets its number. */
    private static final int SEQUENCE_OFFSET = HEADER_BYTES + 1;

    /** Why entries left an endpoint's queue. */
    enum Removal {
        ACKNOWLEDGED, EXPIRED, DROPPED;

        private static final Removal[] VALUES = values();
    }

    /** One destination as a message record holds it. */
    record StoredDestination(String endpoint, int priority, long expiryMillis) {
    }

    /** A decoded message record, the message itself left where it is in the body. */
    record MessageRecord(long sequence, long enqueuedMillis, List<StoredDestination> destinations, int messageOffset,
            int messageLength) {
    }

    /** A decoded removal record. */
    record RemoveRecord(Removal removal, String endpoint, long[] ids) {
    }

    /** What a segment start record knows of one endpoint. */
    record EndpointState(long checkpoint, Retention retention) {
    }

    /** A decoded segment start record. */
    record SegmentStart(long lastSequence, Map<String, EndpointState> endpoints) {
    }

    /** A decoded retain record. */
    record RetainRecord(String endpoint, Retention retention) {
    }

    private RecordFormat() {
    }

    /**
     * Writes a whole message record without its sequence number at the buffer's position, the message encoded
     * straight into it; {@link #seal} adds the number and the checksum.
     *
     * @return the buffer, or when it had no room a larger one holding what it held, positioned after the record
     */
    static ByteBuffer message(ByteBuffer out, long enqueuedMillis, List<StoredDestination> destinations,
            Message message) {
        byte[][] endpoints = new byte[destinations.size()][];
        int size = 1 + Long.BYTES + Long.BYTES + 1;
        for (int index = 0; index < endpoints.length; index++) {
            endpoints[index] = utf8(destinations.get(index).endpoint());
            size += Short.BYTES + endpoints[index].length + 1 + Long.BYTES;
        }
        int bodyLength = size + MessageCodec.encodedSize(message);
        ByteBuffer record = frame(room(out, HEADER_BYTES + bodyLength), bodyLength, MESSAGE).putLong(0)
                .putLong(enqueuedMillis).put((byte) endpoints.length);
        for (int index = 0; index < endpoints.length; index++) {
            StoredDestination destination = destinations.get(index);
            putString(record, endpoints[index]).put((byte) destination.priority()).putLong(destination.expiryMillis());
        }
        return MessageCodec.encode(message, record);
    }

    /** The buffer if {@code needed} bytes remain in it, else a larger one holding what it held. */
    private static ByteBuffer room(ByteBuffer out, int needed) {
        if (out.remaining() >= needed) {
            return out;
        }
        return ByteBuffer.allocate(Math.max(2 * out.capacity(), out.position() + needed)).put(out.flip());
    }

    /** Where the message starts in a record made by {@link #message}: after its destinations. */
    static int messageOffset(ByteBuffer messageRecord) {
        int position = SEQUENCE_OFFSET + Long.BYTES + Long.BYTES;
        int count = Byte.toUnsignedInt(messageRecord.get(position++));
        for (int index = 0; index < count; index++) {
            position += Short.BYTES + Short.toUnsignedInt(messageRecord.getShort(position)) + 1 + Long.BYTES;
        }
        return position;
    }

    static ByteBuffer seal(ByteBuffer messageRecord, long sequence) {
        messageRecord.putLong(SEQUENCE_OFFSET, sequence);
        return checksummed(messageRecord);
    }

    static ByteBuffer remove(Removal removal, String endpoint, Collection<Long> ids) {
        byte[] name = utf8(endpoint);
        ByteBuffer record = frame(1 + 1 + Short.BYTES + name.length + Integer.BYTES + ids.size() * Long.BYTES, REMOVE)
                .put((byte) removal.ordinal());
        putString(record, name).putInt(ids.size());
        ids.forEach(record::putLong);
        return checksummed(record.flip());
    }

    static ByteBuffer segmentStart(long lastSequence, Map<String, EndpointState> endpoints) {
        List<byte[]> names = endpoints.keySet().stream().map(RecordFormat::utf8).toList();
        int size = 1 + Long.BYTES + Integer.BYTES
                + names.stream().mapToInt(name -> Short.BYTES + name.length + 3 * Long.BYTES).sum();
        ByteBuffer record = frame(size, SEGMENT_START).putLong(lastSequence).putInt(endpoints.size());
        int i = 0;
        for (EndpointState state : endpoints.values()) {
            putRetention(putString(record, names.get(i++)).putLong(state.checkpoint()), state.retention());
        }
        return checksummed(record.flip());
    }

    static ByteBuffer retain(String endpoint, Retention retention) {
        byte[] name = utf8(endpoint);
        return checksummed(putRetention(putString(frame(1 + Short.BYTES + name.length + 2 * Long.BYTES, RETAIN), name),
                retention).flip());
    }

    static ByteBuffer forget(String endpoint) {
        byte[] name = utf8(endpoint);
        return checksummed(putString(frame(1 + Short.BYTES + name.length, FORGET), name).flip());
    }

    /** The CRC32C a record's header must hold for this body. */
    static int checksum(ByteBuffer body) {
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        return (int) crc.getValue();
    }

    /** Reads the body of a message record (type byte first), positioned anywhere. */
    static MessageRecord readMessage(ByteBuffer body) {
        ByteBuffer in = body.duplicate().position(1);
        long sequence = in.getLong();
        long enqueued = in.getLong();
        int count = Byte.toUnsignedInt(in.get());
        List<StoredDestination> destinations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            destinations.add(new StoredDestination(getString(in), in.get(), in.getLong()));
        }
        return new MessageRecord(sequence, enqueued, destinations, in.position(), in.remaining());
    }

    static RemoveRecord readRemove(ByteBuffer body) {
        ByteBuffer in = body.duplicate().position(1);
        Removal removal = Removal.VALUES[in.get()];
        String endpoint = getString(in);
        long[] ids = new long[in.getInt()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = in.getLong();
        }
        return new RemoveRecord(removal, endpoint, ids);
    }

    static SegmentStart readSegmentStart(ByteBuffer body) {
        ByteBuffer in = body.duplicate().position(1);
        long lastSequence = in.getLong();
        int count = in.getInt();
        Map<String, EndpointState> endpoints = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            endpoints.put(getString(in), new EndpointState(in.getLong(), getRetention(in)));
        }
        return new SegmentStart(lastSequence, endpoints);
    }

    static RetainRecord readRetain(ByteBuffer body) {
        ByteBuffer in = body.duplicate().position(1);
        return new RetainRecord(getString(in), getRetention(in));
    }

    static String readForget(ByteBuffer body) {
        return getString(body.duplicate().position(1));
    }

    private static ByteBuffer putRetention(ByteBuffer out, Retention retention) {
        return retention == null ? out.putLong(0).putLong(0) : out.putLong(retention.millis()).putLong(retention.maxMessages());
    }

    private static Retention getRetention(ByteBuffer in) {
        long millis = in.getLong();
        long maxMessages = in.getLong();
        return millis == 0 ? null : new Retention(millis, maxMessages);
    }

    private static ByteBuffer frame(int bodyLength, byte type) {
        return frame(ByteBuffer.allocate(HEADER_BYTES + bodyLength), bodyLength, type);
    }

    private static ByteBuffer frame(ByteBuffer out, int bodyLength, byte type) {
        return out.putInt(bodyLength).putInt(0).put(type);
    }

    private static ByteBuffer checksummed(ByteBuffer record) {
        return record.putInt(Integer.BYTES, checksum(record.duplicate().position(HEADER_BYTES)));
    }

    private static byte[] utf8(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("An endpoint name is at most 65535 bytes long, not " + bytes.length);
        }
        return bytes;
    }

    private static ByteBuffer putString(ByteBuffer out, byte[] bytes) {
        return out.putShort((short) bytes.length).put(bytes);
    }

    private static String getString(ByteBuffer in) {
        byte[] bytes = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
