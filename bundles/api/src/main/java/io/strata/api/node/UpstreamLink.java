package io.strata.api.node;

import org.osgi.annotation.versioning.ProviderType;

/** The connection of this node to its parent, registered on nodes that have one. */
@ProviderType
public interface UpstreamLink {

    /** The link as it is now. */
    UpstreamStatus status();
}
