package io.strata.api.metrics;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The last health each node of the tree sent up, on the top node where the reports end in the event
 * log. Kept in a file under the hub's data directory: after the hub restarts, each node shows its last
 * report, and its age, until its next one arrives.
 */
@ProviderType
public interface TreeHealth {

    /** The last report of an edge device's node; empty while none reached the hub. */
    Optional<SeenHealth> lastSeen(String deviceId);
}
