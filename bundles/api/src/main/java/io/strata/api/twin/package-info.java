/**
 * Device and module twins: desired and reported properties, each section versioned.
 */
@Export
@Version("0.4.0")
package io.strata.api.twin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
