package io.strata.broker.internal.moquette;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.strata.api.certs.TlsProtocols;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;

/**
 * Moquette's TLS listener context on top of the certificate store's JDK context: TLS 1.2 and 1.3
 * only, a client certificate asked for but optional (X.509 identities present one, SAS identities
 * do not), and engines that report their session for the authenticator (for a connection relayed
 * from the WebSocket listener, the client's session there).
 */
final class ServerTlsContext extends SslContext {

    private final JdkSslContext delegate;
    private final int listenerPort;

    ServerTlsContext(SSLContext context, int listenerPort) {
        this.listenerPort = listenerPort;
        this.delegate = new JdkSslContext(context, false, null, IdentityCipherSuiteFilter.INSTANCE, null,
                ClientAuth.OPTIONAL, TlsProtocols.enabled(), false);
    }

    @Override
    public boolean isClient() {
        return false;
    }

    @Override
    public List<String> cipherSuites() {
        return delegate.cipherSuites();
    }

    @Override
    @SuppressWarnings("deprecation")
    public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
        return delegate.applicationProtocolNegotiator();
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc) {
        return new ConnectReportingSslEngine(delegate.newEngine(alloc), listenerPort);
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
        return new ConnectReportingSslEngine(delegate.newEngine(alloc, peerHost, peerPort), listenerPort);
    }

    @Override
    public SSLSessionContext sessionContext() {
        return delegate.sessionContext();
    }
}
