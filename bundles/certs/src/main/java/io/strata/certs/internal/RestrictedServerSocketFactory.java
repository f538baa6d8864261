package io.strata.certs.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/** Server sockets of a {@link ModernTls} context: TLS 1.2 and 1.3 only. */
final class RestrictedServerSocketFactory extends SSLServerSocketFactory {

    private final SSLServerSocketFactory delegate;

    RestrictedServerSocketFactory(SSLServerSocketFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return ModernTls.restrict((SSLServerSocket) delegate.createServerSocket());
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return ModernTls.restrict((SSLServerSocket) delegate.createServerSocket(port));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return ModernTls.restrict((SSLServerSocket) delegate.createServerSocket(port, backlog));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return ModernTls.restrict((SSLServerSocket) delegate.createServerSocket(port, backlog, address));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }
}
