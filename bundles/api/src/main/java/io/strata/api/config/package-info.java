/**
 * Reading a component's Config Admin properties ({@code etc/*.cfg}) into its configuration
 * annotation with every value checked first, so that a bad value is refused with a message naming
 * the file, the key and the value instead of breaking the component.
 */
@Export
@Version("1.0.0")
package io.strata.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
