/**
 * The router and the endpoint SPI: where messages go once the edge hub has accepted them, and the whiteboard through which bundles contribute sinks.
 */
@Export
@Version("1.4.0")
package io.strata.api.routing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
