/**
 * Messages as they travel through the edge hub: a body, the IoT Hub system properties and free application properties.
 */
@Export
@Version("1.3.0")
package io.strata.api.message;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
