package io.strata.metrics.internal;

import io.strata.api.hub.Event;
import io.strata.api.hub.EventLog;
import io.strata.api.message.Message;
import io.strata.api.metrics.SeenHealth;
import io.strata.api.metrics.TreeHealth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last health report of every node, read from the event log as any consumer reads it, with a
 * position of its own: the messages of module {@value HealthReporter#MODULE_ID}, under the device id the
 * edge hub stamped on them.
 */
final class LastSeenHealth implements TreeHealth {

    private static final Logger LOG = LoggerFactory.getLogger(LastSeenHealth.class);
    private static final int BATCH = 1000;

    private final EventLog events;
    private final Map<String, SeenHealth> lastSeen = new ConcurrentHashMap<>();
    private long position;

    /** Follows what comes from now on. */
    LastSeenHealth(EventLog events) {
        this.events = events;
        this.position = events.nextOffset();
    }

    /** Reads what came since the last look; every report replaces its node's previous one. One thread at a time. */
    void follow() {
        List<Event> batch;
        do {
            batch = events.read(position, BATCH);
            for (Event event : batch) {
                take(event);
                position = event.offset() + 1;
            }
        } while (batch.size() == BATCH);
    }

    private void take(Event event) {
        Message message = event.message();
        Optional<String> deviceId = message.connectionDeviceId();
        if (deviceId.isEmpty() || message.connectionModuleId().filter(HealthReporter.MODULE_ID::equals).isEmpty()) {
            return;
        }
        try {
            lastSeen.put(deviceId.get(),
                    new SeenHealth(HealthJson.read(deviceId.get(), message.body()), event.enqueuedTime()));
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignored {}", e.getMessage());
        }
    }

    @Override
    public Optional<SeenHealth> lastSeen(String deviceId) {
        return Optional.ofNullable(lastSeen.get(deviceId));
    }
}
