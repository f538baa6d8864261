package io.strata.routing.internal.store;

/**
 * Where one message record is in the log and how many endpoints still wait for it; shared by the entries of every
 * endpoint that took the message. The reference count is guarded by the queue store's lock.
 */
final class StoredRecord {
    private final long sequence;
    private final Segment segment;
    private final long messagePosition;
    private final int messageLength;
    private final int bytes;
    private int references;

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

    /** Whether the record is forced to disk, so it can be read back from there. */
    boolean isDurable() {
        return segment.durable() >= messagePosition + messageLength;
    }

    /** Counts one more endpoint waiting for it; the first keeps its segment alive. */
    void reference() {
        if (references++ == 0) {
            segment.addLive();
        }
    }

    /** @return whether no endpoint waits for it any more */
    boolean release() {
        if (--references == 0) {
            segment.removeLive();
            return true;
        }
        return false;
    }
}
