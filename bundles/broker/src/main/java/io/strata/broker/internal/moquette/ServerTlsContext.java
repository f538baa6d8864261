package io.strata.broker.internal.moquette;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.strata.api.certs.TlsProtocols;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;

/**
 * Moquette's TLS listener context on top of the certificate store's JDK context: TLS 1.2 and 1.3
 * only, a client certificate asked for but optional (X.509 identities present one, SAS identities
 * do not), and engines that report their session for the authenticator (for a connection relayed
 * from the WebSocket listener, the client's session there). The server's cipher suite order decides,
 * and it puts each AES-128-GCM suite just before its AES-256-GCM sibling (the JDK lists AES-256 first):
 * both are strong, and AES-128 takes fewer rounds per block on every message of every connection.
 */
final class ServerTlsContext extends SslContext {

    private final JdkSslContext delegate;
    private final String[] cipherSuites;
    private final int listenerPort;

    ServerTlsContext(SSLContext context, int listenerPort) {
        this.listenerPort = listenerPort;
        this.delegate = new JdkSslContext(context, false, null, IdentityCipherSuiteFilter.INSTANCE, null,
                ClientAuth.OPTIONAL, TlsProtocols.enabled(), false);
        this.cipherSuites = aes128BeforeAes256(delegate.cipherSuites()).toArray(String[]::new);
    }

    /** The suites in their order, but each AES-128-GCM suite moved to just before its AES-256-GCM sibling. */
    static List<String> aes128BeforeAes256(List<String> suites) {
        List<String> ordered = new ArrayList<>(suites);
        for (int i = 0; i < ordered.size(); i++) {
            int sibling = ordered.indexOf(ordered.get(i).replace("_AES_256_GCM_SHA384", "_AES_128_GCM_SHA256"));
            if (sibling > i) {
                ordered.add(i, ordered.remove(sibling));
            }
        }
        return ordered;
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
        return reporting(delegate.newEngine(alloc));
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
        return reporting(delegate.newEngine(alloc, peerHost, peerPort));
    }

    private SSLEngine reporting(SSLEngine engine) {
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setCipherSuites(cipherSuites);
        parameters.setUseCipherSuitesOrder(true);
        engine.setSSLParameters(parameters);
        return new ConnectReportingSslEngine(engine, listenerPort);
    }

    @Override
    public SSLSessionContext sessionContext() {
        return delegate.sessionContext();
    }
}
