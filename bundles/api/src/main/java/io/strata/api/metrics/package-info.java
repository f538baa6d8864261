/**
 * The health every node sends up its tree on an interval, and what the hub last saw of each node:
 * {@code edge:topology} at the hub shows it for every level; and the counters of the edge hub's and
 * agent's operations.
 */
@Export
@Version("2.0.0")
package io.strata.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
