package io.strata.api.module;

import io.strata.api.identity.IdentityId;
import java.time.Instant;

/**
 * One client as {@link ClientConnections} knows it.
 *
 * @param id               the device or module
 * @param transport        the transport it last connected through
 * @param connected        whether it is connected now
 * @param lastConnected    when it last connected
 * @param lastDisconnected when it last disconnected; null while it never did
 */
public record ClientConnection(IdentityId id, String transport, boolean connected, Instant lastConnected,
        Instant lastDisconnected) {
}
