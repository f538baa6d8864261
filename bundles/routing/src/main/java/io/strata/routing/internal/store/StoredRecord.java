package io.strata.routing.internal.store;

import io.strata.api.message.Message;

/**
 * Where one message record is in the log, how many endpoints still wait for it and how many retain it; shared by
 * the entries of every endpoint that took the message. The counts are guarded by the queue store's lock.
 */
final class StoredRecord {
    private final long sequence;
    private final Segment segment;
    private final long messagePosition;
    private final int messageLength;
    private final int bytes;
    private int references;
    private int retainers;
    /** The decoded message while the {@link HotTail} keeps it; written under the store's lock, read without. */
    private volatile Message hot;

    StoredRecord(long sequence, Segment segment, long messagePosition, int messageLength, int bytes) {
        this.sequence = sequence;
        this.segment = segment;
        this.messagePosition = messagePosition;
        this.messageLength = messageLength;
        this.bytes = bytes;
    }

    long sequence() {
        return sequence;
    }

    Segment segment() {
        return segment;
    }

    long messagePosition() {
        return messagePosition;
    }

    int messageLength() {
        return messageLength;
    }

    /** The whole record's size: what it counts against the store's size bound, once. */
    int bytes() {
        return bytes;
    }

    Message hot() {
        return hot;
    }

    void keepHot(Message message) {
        hot = message;
    }

    /** Whether the record is forced to disk, so it can be read back from there. */
    boolean isDurable() {
        return segment.durable() >= messagePosition + messageLength;
    }

    /** Counts one more endpoint waiting for it; while any waits or retains it, its segment stays. */
    void reference() {
        if (references++ == 0 && retainers == 0) {
            segment.addLive();
        }
    }

    /** @return whether no endpoint waits for it any more, so it no longer counts against the store's bound */
    boolean release() {
        if (--references == 0) {
            if (retainers == 0) {
                segment.removeLive();
            }
            return true;
        }
        return false;
    }

    /** Counts one more endpoint that keeps it after delivery. */
    void retain() {
        if (retainers++ == 0 && references == 0) {
            segment.addLive();
        }
    }

    void unretain() {
        if (--retainers == 0 && references == 0) {
            segment.removeLive();
        }
    }
}
