package io.strata.api.hub;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The hub's durable event log: every message that reached the top of the tree through a
 * {@code $upstream} route, in arrival order, kept for a retention period. Consumers read it by
 * offset as Event Hubs consumers do, each keeping its own position; export sinks follow it the same way.
 */
@ProviderType
public interface EventLog {

    /**
     * An offset greater than every event's so far; the next event gets it or a greater one. Reading from here
     * follows new events only.
     */
    long nextOffset();

    /**
     * At most {@code max} events from {@code fromOffset} on, oldest first; from the oldest retained
     * event when {@code fromOffset} is older than that. Empty when nothing newer is there yet.
     */
    List<Event> read(long fromOffset, int max);

    /**
     * Hands {@code listener} every message the log takes from now on that a module named {@code moduleId} sent,
     * whichever device it runs on, once it is on disk: a reader that wants a few messages of a busy log, such as
     * the nodes' health reports, need not read back all the others. A message the log is handed again after a
     * restart may come twice. The listener runs on the log's thread and must return quickly.
     */
    void follow(String moduleId, EventListener listener);

    /** Stops handing messages to a listener given to {@link #follow}. */
    void unfollow(EventListener listener);
}
