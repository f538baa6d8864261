package io.strata.api.twin;

import io.strata.api.identity.IdentityId;

/** Told about every change of a desired section, with the JSON merge patch that changed it. */
@FunctionalInterface
public interface TwinListener {

    void desiredChanged(IdentityId identity, String patch, long version);
}
