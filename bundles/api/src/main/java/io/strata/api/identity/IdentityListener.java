package io.strata.api.identity;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told about every identity the {@link IdentityRegistry} added, changed or removed, so that, for
 * example, a broker can drop the sessions of an identity that was disabled or re-keyed. Register
 * an implementation as an OSGi service (whiteboard).
 */
@ConsumerType
public interface IdentityListener {

    /**
     * Called after the change is stored.
     *
     * @param id      the identity that changed
     * @param current the identity as it now is; empty when it was removed
     */
    void identityChanged(IdentityId id, Optional<Identity> current);
}
