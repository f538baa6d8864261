package io.strata.amqp.internal.server;

import io.strata.amqp.internal.protocol.LinkAddress;
import io.strata.api.identity.IdentityId;

/**
 * What the listener decided when it let a link attach, kept as the link's context.
 *
 * @param address      the identity and endpoint the link serves; null for the {@code $cbs} links
 * @param authorizedBy the identity whose authentication on the connection permits the link: the
 *                     address's identity itself, or the edge device it acts on behalf of
 * @param stream       the origins seen on an edge device's telemetry stream; null on any other link
 */
record LinkInfo(LinkAddress address, IdentityId authorizedBy, StreamOrigins stream) {

    static final LinkInfo CBS = new LinkInfo(null, null, null);

    boolean isCbs() {
        return address == null;
    }

    /** Whether the link is used on behalf of its identity by an edge device above it. */
    boolean onBehalf() {
        return address != null && !address.identity().equals(authorizedBy);
    }

    /** Whether the link is an edge device's telemetry stream, each message naming its origin. */
    boolean isStream() {
        return stream != null;
    }
}
