/** The shared Jackson configuration and JSON text helpers. */
@Export
@Version("1.0.0")
package io.strata.api.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
