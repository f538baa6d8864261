package io.strata.api.twin;

import io.strata.api.identity.IdentityId;

/**
 * The twins of the identities this node serves. Patches are JSON merge patches: a member set to
 * null is deleted. Each section is limited in size; a patch that would exceed it is refused with
 * {@link IllegalArgumentException} and changes nothing.
 */
public interface TwinService {

    Twin get(IdentityId identity);

    /** Applies a patch to the desired section and notifies listeners; returns the new version. */
    long patchDesired(IdentityId identity, String patch);

    /** Applies a patch to the reported section; returns the new version. */
    long patchReported(IdentityId identity, String patch);

    void addListener(TwinListener listener);

    void removeListener(TwinListener listener);
}
