package io.strata.routing.internal.store;

/**
 * Entry ids put the priority above the append's sequence number in one long, so a queue's natural key order is
 * its delivery order: highest priority first, and oldest first within a priority.
 */
final class EntryIds {
    private static final int SEQUENCE_BITS = 56;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;

    private EntryIds() {
    }

    static long id(int priority, long sequence) {
        return (long) priority << SEQUENCE_BITS | sequence;
    }

    static int priority(long id) {
        return (int) (id >>> SEQUENCE_BITS);
    }

    static long sequence(long id) {
        return id & SEQUENCE_MASK;
    }

    /** The lowest id a priority can have, where a search for that priority's oldest entry starts. */
    static long firstOf(int priority) {
        return id(priority, 0);
    }
}
