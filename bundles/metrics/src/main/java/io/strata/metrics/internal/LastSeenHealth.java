package io.strata.metrics.internal;

import io.strata.api.hub.EventListener;
import io.strata.api.message.Message;
import io.strata.api.metrics.SeenHealth;
import io.strata.api.metrics.TreeHealth;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last health report of every node, as the event log takes them: the messages of module
 * {@value HealthReporter#MODULE_ID}, under the device id the edge hub stamped on them. Only these reach it, not
 * the rest of the log (reading the whole log back took a fifth of a busy hub's CPU). The reports are kept in a
 * {@link HealthFile} across restarts, for at most {@value #MAX_NODES} nodes (the longest silent leaves first).
 */
final class LastSeenHealth implements TreeHealth, EventListener {

    static final int MAX_NODES = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(LastSeenHealth.class);

    private final HealthFile file;
    private final Map<String, SeenHealth> lastSeen = new ConcurrentHashMap<>();
    private final AtomicBoolean changed = new AtomicBoolean();

    /** Starts from the reports of the file; {@link #logged} takes what comes from now on. */
    LastSeenHealth(HealthFile file) {
        this.file = file;
        try {
            lastSeen.putAll(file.read());
        } catch (IOException e) {
            LOG.warn("The nodes' last-seen health starts empty: {}", e.getMessage());
        }
    }

    /** Writes the reports to the file when they changed since the last time. */
    void saveIfChanged() {
        if (changed.getAndSet(false)) {
            try {
                file.write(lastSeen.values());
            } catch (IOException e) {
                changed.set(true);
                LOG.warn("Could not keep the nodes' last-seen health in {} (tried again later): {}", file.path(),
                        e.toString());
            }
        }
    }

    /** Every report replaces its node's previous one; other messages are ignored (the log hands over few). */
    @Override
    public synchronized void logged(Message message, Instant loggedAt) {
        Optional<String> deviceId = message.connectionDeviceId();
        if (deviceId.isEmpty() || message.connectionModuleId().filter(HealthReporter.MODULE_ID::equals).isEmpty()) {
            return;
        }
        try {
            SeenHealth seen = new SeenHealth(HealthJson.read(deviceId.get(), message.body()), loggedAt);
            if (!lastSeen.containsKey(deviceId.get()) && lastSeen.size() >= MAX_NODES) {
                lastSeen.values().stream().min(Comparator.comparing(SeenHealth::receivedAt))
                        .ifPresent(longestSilent -> lastSeen.remove(longestSilent.health().deviceId()));
            }
            lastSeen.put(deviceId.get(), seen);
            changed.set(true);
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignored {}", e.getMessage());
        }
    }

    @Override
    public Optional<SeenHealth> lastSeen(String deviceId) {
        return Optional.ofNullable(lastSeen.get(deviceId));
    }
}
