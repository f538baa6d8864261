/**
 * The hub role at the top of the tree: the event log where {@code $upstream} telemetry ends.
 */
@Export
@Version("1.2.0")
package io.strata.api.hub;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
