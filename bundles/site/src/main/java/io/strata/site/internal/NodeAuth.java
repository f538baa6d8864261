package io.strata.site.internal;

/** How a node proves itself to its parent, as site.yaml's {@code auth} says it. */
enum NodeAuth {
    /** A shared access key registered at the hub: SAS tokens ({@code .upstreamSharedAccessKey}). */
    SAS,
    /** An identity certificate issued from the site's root CA, registered at the hub by its thumbprint. */
    X509
}
