package io.strata.api.twin;

import io.strata.api.identity.IdentityId;

/**
 * A change of a desired section, as {@link TwinListener}s hear of it.
 *
 * @param identity     the device or module whose twin changed
 * @param patch        the JSON merge patch that was applied, as compact JSON
 * @param version      the {@code $version} of the desired section after the patch
 * @param notification the payload IoT Hub publishes on
 *                     {@code $iothub/twin/PATCH/properties/desired/?$version={version}}: the patch with
 *                     {@code "$version"} added as its last member
 */
public record DesiredChange(IdentityId identity, String patch, long version, String notification) {
}
