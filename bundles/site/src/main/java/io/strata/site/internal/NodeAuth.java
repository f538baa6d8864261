package io.strata.site.internal;

import java.util.Locale;

/** How a node proves itself to its parent, as site.yaml's {@code auth} says it. */
enum NodeAuth {
    /** A shared access key registered at the hub: SAS tokens ({@code .upstreamSharedAccessKey}). */
    SAS,
    /** An identity certificate issued from the site's root CA, registered at the hub by its thumbprint. */
    X509;

    String setting() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the value and the ways there are */
    static NodeAuth of(String value) {
        for (NodeAuth auth : values()) {
            if (auth.setting().equalsIgnoreCase(value.strip())) {
                return auth;
            }
        }
        throw new IllegalArgumentException("auth '" + value + "' is neither sas nor x509");
    }
}
