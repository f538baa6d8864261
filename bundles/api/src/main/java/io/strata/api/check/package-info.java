/**
 * What {@code edge:check} asks: each bundle registers a {@link io.strata.api.check.HealthCheck} for
 * what it owns (a listener, the store, the certificates, the link to the parent), and the command
 * runs them all and reports one line each ({@link io.strata.api.check.CheckReport}).
 */
@Export
@Version("1.1.0")
package io.strata.api.check;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
