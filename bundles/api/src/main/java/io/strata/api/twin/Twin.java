package io.strata.api.twin;

import io.strata.api.identity.IdentityId;

/**
 * A snapshot of a twin. Each section is a JSON object serialized as text, with the version the
 * owner of that section last gave it.
 */
public record Twin(IdentityId identity, String desired, long desiredVersion, String reported, long reportedVersion) {
}
