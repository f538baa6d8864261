package io.strata.routing.internal.store;

import io.strata.api.message.Message;
import io.strata.api.message.MessageCodec;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The bytes of one queue entry. Version 1:
 * <pre>
 * byte    format version (1)
 * long    enqueued, epoch milliseconds
 * long    expiry, epoch milliseconds
 * ...      the message, as {@link MessageCodec} writes it
 * </pre>
 * The times sit at fixed offsets: expiry checks and ages read
 * them without decoding the message.
 */
final class EntryFormat {
    static final byte VERSION = 1;
    private static final int ENQUEUED_OFFSET = 1;
    private static final int EXPIRY_OFFSET = ENQUEUED_OFFSET + Long.BYTES;
    private static final int MESSAGE_OFFSET = EXPIRY_OFFSET + Long.BYTES;

    private EntryFormat() {
    }

    /** Encodes the message alone, once per append; {@link #entry} adds each destination's times. */
    static byte[] encode(Message message) {
        return MessageCodec.encode(message);
    }

    static byte[] entry(byte[] encodedMessage, Instant enqueued, Instant expiry) {
        return ByteBuffer.allocate(MESSAGE_OFFSET + encodedMessage.length)
                .put(VERSION)
                .putLong(enqueued.toEpochMilli())
                .putLong(expiry.toEpochMilli())
                .put(encodedMessage)
                .array();
    }

    static Instant enqueued(byte[] entry) {
        return Instant.ofEpochMilli(checked(entry).getLong(ENQUEUED_OFFSET));
    }

    static Instant expiry(byte[] entry) {
        return Instant.ofEpochMilli(checked(entry).getLong(EXPIRY_OFFSET));
    }

    static Message message(byte[] entry) {
        checked(entry);
        return MessageCodec.decode(entry, MESSAGE_OFFSET, entry.length - MESSAGE_OFFSET);
    }

    private static ByteBuffer checked(byte[] entry) {
        if (entry.length < MESSAGE_OFFSET || entry[0] != VERSION) {
            throw new IllegalStateException("Stored entry has unknown format version " + (entry.length == 0 ? "(empty)" : entry[0]));
        }
        return ByteBuffer.wrap(entry);
    }
}
