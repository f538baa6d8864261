/**
 * Settings that describe the node itself, shared by every bundle: its hostname and device id and
 * where its parent is; the SPI of the sessions of the link to the parent.
 */
@Export
@Version("1.1.0")
package io.strata.api.node;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
