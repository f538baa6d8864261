/** Services that tell listeners of their changes, with the listeners as DS services (a whiteboard). */
@Export
@Version("1.1.0")
package io.strata.api.whiteboard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
