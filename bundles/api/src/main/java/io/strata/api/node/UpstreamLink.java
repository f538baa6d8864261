package io.strata.api.node;

/** The connection of this node to its parent, registered on nodes that have one. */
public interface UpstreamLink {

    /** The link as it is now. */
    UpstreamStatus status();
}
