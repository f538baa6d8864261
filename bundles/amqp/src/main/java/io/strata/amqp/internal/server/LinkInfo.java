package io.strata.amqp.internal.server;

import io.strata.amqp.internal.protocol.LinkAddress;
import io.strata.api.identity.IdentityId;

/**
 * What the listener decided when it let a link attach, kept as the link's context.
 *
 * @param address      the identity and endpoint the link serves; null for the {@code $cbs} links
 * @param authorizedBy the identity whose authentication on the connection permits the link: the
 *                     address's identity itself, or the edge device it acts on behalf of
 */
record LinkInfo(LinkAddress address, IdentityId authorizedBy) {

    static final LinkInfo CBS = new LinkInfo(null, null);

    boolean isCbs() {
        return address == null;
    }

    /** Whether the link is used on behalf of its identity by an edge device above it. */
    boolean onBehalf() {
        return address != null && !address.identity().equals(authorizedBy);
    }
}
