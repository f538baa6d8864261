/**
 * Identities of devices and modules, how they authenticate and what they may do.
 */
@Export
@Version("0.4.0")
package io.strata.api.identity;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
