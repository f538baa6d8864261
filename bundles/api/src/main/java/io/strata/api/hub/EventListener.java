package io.strata.api.hub;

import io.strata.api.message.Message;
import java.time.Instant;
import org.osgi.annotation.versioning.ConsumerType;

/** Told of the {@link EventLog}'s messages of one module id as the log takes them; see {@link EventLog#follow}. */
@ConsumerType
@FunctionalInterface
public interface EventListener {

    /**
     * @param message  the message, with the ids of the device and module that sent it
     * @param loggedAt when the log took it
     */
    void logged(Message message, Instant loggedAt);
}
