package io.strata.api.node;

import io.strata.api.identity.IdentityId;
import io.strata.api.twin.TwinSection;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What this node, as a parent, shares with a child node: the same for every transport, so the
 * AMQP and MQTT listeners only carry it. A child node is named by its edge device id; its subtree
 * is that device, every device below it and their modules (registered here or not: a child node's
 * agent registers its modules on the child).
 */
@ProviderType
public interface ChildNodes {

    /** Whether {@code identity} belongs to the subtree of the child node {@code childDeviceId}. */
    boolean isInSubtree(String childDeviceId, IdentityId identity);

    /**
     * The identities of the child's subtree registered here (the child's device, the devices below it
     * and their modules) as the snapshot text {@link ParentNode#applyIdentitySnapshot} reads.
     */
    String identitySnapshot(String childDeviceId);

    /** The desired sections of every twin of the child's subtree that has one (version above 0). */
    List<TwinSection> desiredSections(String childDeviceId);

    /** The desired section of one twin, to send a change on; empty while it has none. */
    Optional<TwinSection> desiredSection(IdentityId identity);

    /**
     * Mirrors a reported section the child sent.
     *
     * @return whether it changed anything here
     * @throws IllegalArgumentException when the identity is outside the child's subtree, or the section is not valid
     */
    boolean storeReported(String childDeviceId, TwinSection section);
}
