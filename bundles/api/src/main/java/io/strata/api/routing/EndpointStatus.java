package io.strata.api.routing;

import java.time.Duration;

/**
 * One endpoint's queue and delivery.
 *
 * @param id         the endpoint, as its routes name it: {@code $upstream}, {@code BrokeredEndpoint("...")}, ...
 * @param state      delivering, idle, waiting (the receiver is not there), backing off after a failure, or
 *                   waiting for the bundle that provides the sink
 * @param depth      messages queued
 * @param oldestAge  how long the oldest queued message has waited
 * @param checkpoint the sequence number of the newest message delivered
 * @param delivered  messages delivered since the node started
 * @param expired    messages dropped because their time to live ran out
 * @param dropped    messages dropped to make room in a full store
 * @param failures   failed deliveries since the node started
 * @param lastError  the last failure, or null
 */
public record EndpointStatus(String id, String state, long depth, Duration oldestAge, long checkpoint, long delivered,
        long expired, long dropped, long failures, String lastError) {
}
