/**
 * The in-process module client: how a module running inside the node talks to its edge hub; and
 * the edge hub's direct methods and cloud-to-device messages towards its devices and modules.
 */
@Export
@Version("2.0.0")
package io.strata.api.module;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
