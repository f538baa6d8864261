/** Retrying what failed: one back-off for delivery, the upstream link and module restarts. */
@Export
@Version("1.0.0")
package io.strata.api.retry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
