package io.strata.api.twin;

import io.strata.api.identity.IdentityId;

/**
 * One section (desired or reported) of a twin as nodes exchange it: the whole section with its
 * version, so that sending it again, or after an outage, is harmless.
 *
 * @param identity the device or module the twin belongs to
 * @param section  the properties as a compact JSON object, without {@code $version}
 * @param version  the section's {@code $version}
 */
public record TwinSection(IdentityId identity, String section, long version) {
}
