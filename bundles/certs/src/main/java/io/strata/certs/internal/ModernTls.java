package io.strata.certs.internal;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

import io.strata.api.certs.TlsProtocols;

/**
 * TLS contexts that speak TLS 1.2 and 1.3 only, whatever the JVM's defaults. An SSLContext has no
 * setting for that, so every engine, socket and parameter set it hands out is restricted instead.
 */
final class ModernTls {

    private ModernTls() {
    }

    /** A context over these managers that enables TLS 1.2 and 1.3 only. */
    static SSLContext context(KeyManager[] keyManagers, TrustManager[] trustManagers) throws KeyManagementException {
        SSLContext delegate;
        try {
            delegate = SSLContext.getInstance("TLS");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK supports TLS", e);
        }
        delegate.init(keyManagers, trustManagers, null);
        return new SSLContext(new RestrictedSpi(delegate), delegate.getProvider(), delegate.getProtocol()) {
        };
    }

    static SSLEngine restrict(SSLEngine engine) {
        engine.setEnabledProtocols(TlsProtocols.enabled());
        return engine;
    }

    static SSLSocket restrict(SSLSocket socket) {
        socket.setEnabledProtocols(TlsProtocols.enabled());
        return socket;
    }

    static SSLServerSocket restrict(SSLServerSocket socket) {
        socket.setEnabledProtocols(TlsProtocols.enabled());
        return socket;
    }

    static SSLParameters restrict(SSLParameters parameters) {
        parameters.setProtocols(TlsProtocols.enabled());
        return parameters;
    }

    private static final class RestrictedSpi extends SSLContextSpi {

        private final SSLContext delegate;

        RestrictedSpi(SSLContext delegate) {
            this.delegate = delegate;
        }

        @Override
        protected void engineInit(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random)
                throws KeyManagementException {
            throw new KeyManagementException("The certificate store has initialised this context already");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new RestrictedSocketFactory(delegate.getSocketFactory());
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return new RestrictedServerSocketFactory(delegate.getServerSocketFactory());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return restrict(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return restrict(delegate.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return restrict(delegate.getDefaultSSLParameters());
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return restrict(delegate.getSupportedSSLParameters());
        }
    }
}
