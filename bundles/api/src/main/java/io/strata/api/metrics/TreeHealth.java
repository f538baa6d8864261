package io.strata.api.metrics;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The last health each node of the tree sent up, on the top node where the reports end in the event
 * log. Kept in memory: after the hub starts, each node shows again with its next report.
 */
@ProviderType
public interface TreeHealth {

    /** The last report of an edge device's node; empty while none reached the hub. */
    Optional<SeenHealth> lastSeen(String deviceId);
}
