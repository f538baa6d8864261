/**
 * What local services register with the node's API proxy: a {@link io.strata.api.proxy.ProxyRoute}
 * serves every request whose path starts with its prefix, streaming bodies in both directions;
 * whatever no route serves goes on to the parent's proxy, where a local service may also send its own
 * requests as this node through the {@link io.strata.api.proxy.UpstreamClient}.
 */
@Export
@Version("1.2.0")
package io.strata.api.proxy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
