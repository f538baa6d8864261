package io.strata.routing.internal.store;

/**
 * How long an endpoint's messages stay in the log after delivery, for readers of the log such as the hub's event
 * log.
 *
 * @param millis how long after it was stored a message is kept
 * @param maxMessages how many of the newest are kept at most
 */
record Retention(long millis, long maxMessages) {

    Retention {
        if (millis <= 0 || maxMessages <= 0) {
            throw new IllegalArgumentException("A retention keeps messages for a positive time and count, not "
                    + millis + " ms and " + maxMessages);
        }
    }
}
