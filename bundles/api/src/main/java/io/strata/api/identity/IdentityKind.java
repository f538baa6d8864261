package io.strata.api.identity;

/** What an identity is: an edge node (which may have children), a leaf device, or a module. */
public enum IdentityKind {
    EDGE_DEVICE,
    LEAF_DEVICE,
    MODULE
}
