package io.strata.broker.internal.moquette;

import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * Hands a TLS connection's session to the authenticator of its CONNECT. Moquette 0.17 gives an
 * {@code IAuthenticator} only the client id, user name and password, never the channel. But it
 * authenticates synchronously on the Netty event-loop thread that has just decrypted the CONNECT,
 * so the engine leaves its session here when it decrypts its first application bytes, and the
 * authenticator takes it, on the same thread, right after.
 */
final class TlsSessionOfConnect {

    private static final ThreadLocal<SSLSession> CURRENT = new ThreadLocal<>();

    private TlsSessionOfConnect() {
    }

    static void offer(SSLSession session) {
        CURRENT.set(session);
    }

    /** The session of the connection being authenticated on this thread, if it came over TLS; clears it. */
    static Optional<SSLSession> take() {
        SSLSession session = CURRENT.get();
        CURRENT.remove();
        return Optional.ofNullable(session);
    }
}
