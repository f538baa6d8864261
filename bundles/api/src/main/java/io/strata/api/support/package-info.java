/**
 * The node's support bundle as a service: what {@code edge:support-bundle} writes, for the agent's
 * {@code UploadSupportBundle} method to upload.
 */
@Export
@Version("1.0.0")
package io.strata.api.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
