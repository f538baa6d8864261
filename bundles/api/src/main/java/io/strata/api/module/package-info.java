/**
 * The in-process module client: how a module running inside the node talks to its edge hub.
 */
@Export
@Version("0.1.0")
package io.strata.api.module;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
