package io.strata.api.node;

import io.strata.api.identity.IdentityId;
import io.strata.api.twin.TwinSection;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What this node, as a child, takes from and gives to its parent: the same for every upstream
 * protocol, so the upstream link only carries it.
 */
@ProviderType
public interface ParentNode {

    /**
     * Makes the local registry hold the snapshot's identities: adds or replaces each, and removes the
     * devices the parent no longer lists (except this node's own device; the modules of this node's
     * own device that the agent made stay).
     *
     * @throws IllegalArgumentException naming the entry that is not valid; nothing is changed then
     */
    void applyIdentitySnapshot(String snapshot);

    /** Makes a local desired section the parent's; returns whether it changed. */
    boolean applyDesired(TwinSection section);

    /** The reported sections of every local twin that has one, to send on (re)connecting. */
    List<TwinSection> reportedSections();

    /** The reported section of one twin, to send a change on; empty while it has none. */
    Optional<TwinSection> reportedSection(IdentityId identity);
}
