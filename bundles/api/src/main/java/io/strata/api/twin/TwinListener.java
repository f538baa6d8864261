package io.strata.api.twin;

import io.strata.api.identity.IdentityId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told about every accepted patch of a desired section, so that, for example, the broker can
 * forward it to the connected device or module. Register an implementation as an OSGi service
 * (whiteboard).
 */
@ConsumerType
@FunctionalInterface
public interface TwinListener {

    /**
     * Called after the change is stored, on the patching thread and, for each twin, in version
     * order; it should return quickly. An exception it throws is logged and does not keep the
     * change from other listeners.
     */
    void desiredChanged(DesiredChange change);

    /**
     * Called after a reported section changed (a patch or {@link TwinService#syncReported}), on the
     * changing thread; the upstream link sends it on to the parent. Does nothing by default.
     */
    default void reportedChanged(IdentityId identity, long version) {
    }
}
