package io.strata.api.hub;

import io.strata.api.message.Message;
import java.time.Instant;

/**
 * One message in the {@link EventLog}.
 *
 * @param offset       its position in the log, greater than the event's before it
 * @param enqueuedTime when the log took it
 * @param message      the message, with the ids of the device or module that sent it
 */
public record Event(long offset, Instant enqueuedTime, Message message) {
}
