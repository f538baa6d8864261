/**
 * The edge agent: deployment manifests applied to running modules, and the configuration contract
 * between the agent and the modules it runs.
 */
@Export
@Version("1.0.0")
package io.strata.api.agent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
