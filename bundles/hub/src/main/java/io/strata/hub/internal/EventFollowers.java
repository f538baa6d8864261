package io.strata.hub.internal;

import io.strata.api.hub.EventListener;
import io.strata.api.message.Message;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log's listeners, each for the messages of one module id. Most messages of a busy log come from
 * devices (no module id) or from other modules, so handing a batch over costs one look at each message.
 */
final class EventFollowers {

    private static final Logger LOG = LoggerFactory.getLogger(EventFollowers.class);

    private record Follower(String moduleId, EventListener listener) {
    }

    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    private final Clock clock;

    EventFollowers(Clock clock) {
        this.clock = clock;
    }

    void add(String moduleId, EventListener listener) {
        followers.add(new Follower(moduleId, listener));
    }

    void remove(EventListener listener) {
        followers.removeIf(follower -> follower.listener() == listener);
    }

    /** The log took these messages now: each goes to the listeners of the module that sent it. */
    void logged(List<Message> batch) {
        if (followers.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (Message message : batch) {
            Optional<String> moduleId = message.connectionModuleId();
            if (moduleId.isPresent()) {
                for (Follower follower : followers) {
                    if (follower.moduleId().equals(moduleId.get())) {
                        tell(follower.listener(), message, now);
                    }
                }
            }
        }
    }

    /** A listener that fails loses its message; the log keeps it, and the delivery stands. */
    private static void tell(EventListener listener, Message message, Instant loggedAt) {
        try {
            listener.logged(message, loggedAt);
        } catch (RuntimeException e) {
            LOG.warn("An event log listener failed on a message of {}: {}", message.connectionModuleId().orElse(""),
                    e.toString());
        }
    }
}
