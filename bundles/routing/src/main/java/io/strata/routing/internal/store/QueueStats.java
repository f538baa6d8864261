package io.strata.routing.internal.store;

import java.time.Duration;

/**
 * What an endpoint's queue looks like now.
 *
 * @param endpoint the endpoint
 * @param depth entries waiting, including expired ones not yet met by {@link QueueStore#peek}
 * @param oldestAge how long the oldest waiting entry has waited; zero when the queue is empty
 * @param checkpoint the sequence number of the newest acknowledged message; 0 before the first acknowledgement
 * @param expired entries dropped because their time to live passed, since the store was opened
 * @param dropped entries dropped to make room under {@link FullPolicy#DROP_OLDEST}, since the store was opened
 */
public record QueueStats(String endpoint, long depth, Duration oldestAge, long checkpoint, long expired, long dropped) {
}
