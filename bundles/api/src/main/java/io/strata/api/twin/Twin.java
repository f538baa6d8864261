package io.strata.api.twin;

import io.strata.api.identity.IdentityId;

/**
 * A snapshot of a device or module twin. Each section is a JSON object as compact text, without
 * metadata such as {@code $version}, together with its version: 0 while the section was never
 * written, 1 after the first patch, one more after every accepted patch.
 *
 * @param identity        the device or module the twin belongs to
 * @param desired         the desired properties, set by the solution (here: the parent or the shell)
 * @param desiredVersion  the {@code $version} of the desired section
 * @param reported        the reported properties, set by the device or module itself
 * @param reportedVersion the {@code $version} of the reported section
 */
public record Twin(IdentityId identity, String desired, long desiredVersion, String reported, long reportedVersion) {
}
