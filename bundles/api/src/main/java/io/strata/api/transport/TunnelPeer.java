package io.strata.api.transport;

import java.net.InetSocketAddress;
import javax.net.ssl.SSLSession;

/**
 * The client at the far end of a tunnelled connection, as the outer listener saw it.
 *
 * @param remoteAddress where the client connected from
 * @param tlsSession    the outer listener's TLS session with the client: its peer certificates are
 *                      the client's, for authentication by certificate
 */
public record TunnelPeer(InetSocketAddress remoteAddress, SSLSession tlsSession) {
}
