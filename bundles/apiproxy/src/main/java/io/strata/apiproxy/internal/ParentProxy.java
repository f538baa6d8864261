package io.strata.apiproxy.internal;

import io.strata.api.certs.CertificateStore;
import io.strata.api.certs.TlsProtocols;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.SasToken;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The parent's API proxy as this node reaches it: the address and port to dial, TLS that verifies the
 * parent's certificate against the trust bundle and {@code parentHostname} (whatever address is
 * dialled), and this node's own credentials from {@code etc/io.strata.node.cfg}: a fresh SAS token
 * per request, or its client certificate.
 */
final class ParentProxy {

    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);

    private final String hostname;
    private final String address;
    private final int port;
    private final SSLContext tls;
    private final String tokenResource;
    private final String sharedAccessKey;
    private final Clock clock;

    private ParentProxy(String hostname, String address, int port, SSLContext tls, String tokenResource,
            String sharedAccessKey, Clock clock) {
        this.hostname = hostname;
        this.address = address;
        this.port = port;
        this.tls = tls;
        this.tokenResource = tokenResource;
        this.sharedAccessKey = sharedAccessKey;
        this.clock = clock;
    }

    /** The parent's proxy as this node's settings and its {@code etc/} give it; empty on the top node. */
    static Optional<ParentProxy> ofThisNode(NodeConfiguration node, int port, CertificateStore certificates) {
        return of(node, port, certificates, Path.of(System.getProperty("karaf.etc", "etc")), Clock.systemUTC());
    }

    /**
     * The parent's proxy; empty on the top node.
     *
     * @param etc where the node's certificate files are, relative to it
     * @throws IllegalArgumentException naming the node setting that is missing or wrong
     */
    static Optional<ParentProxy> of(NodeConfiguration node, int port, CertificateStore certificates, Path etc,
            Clock clock) {
        String parent = node.parentHostname().trim().toLowerCase(Locale.ROOT);
        if (parent.isEmpty()) {
            return Optional.empty();
        }
        String address = node.parentAddress().isBlank() ? parent : node.parentAddress().trim();
        String deviceId = NodeNames.of(node).deviceId();
        String key = node._upstreamSharedAccessKey().trim();
        if (!key.isEmpty()) {
            return Optional.of(new ParentProxy(parent, address, port, certificates.clientSslContext(),
                    SasToken.resource(parent, IdentityId.device(deviceId)), key, clock));
        }
        if (node.upstreamCertificate().isBlank() || node.upstreamPrivateKey().isBlank()) {
            throw new IllegalArgumentException("parent " + parent + " is set but this node has no credentials for it: set "
                    + NodeSettings.UPSTREAM_SHARED_ACCESS_KEY + ", or " + NodeSettings.UPSTREAM_CERTIFICATE + " and "
                    + NodeSettings.UPSTREAM_PRIVATE_KEY + " in etc/" + NodeSettings.PID + ".cfg");
        }
        Path certificate = etc.resolve(node.upstreamCertificate().trim());
        try {
            return Optional.of(new ParentProxy(parent, address, port, certificates.clientSslContext(certificate,
                    etc.resolve(node.upstreamPrivateKey().trim()), node._upstreamPrivateKeyPassword().toCharArray()),
                    null, null, clock));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + NodeSettings.UPSTREAM_CERTIFICATE + " " + certificate
                    + ": " + e.getMessage(), e);
        }
    }

    String hostname() {
        return hostname;
    }

    String address() {
        return address;
    }

    int port() {
        return port;
    }

    /** The {@code Host} header of a forwarded request. */
    String hostHeader() {
        return port == 443 ? hostname : hostname + ":" + port;
    }

    /** A client engine whose handshake fails unless the parent's certificate names {@link #hostname()}. */
    SSLEngine newEngine() {
        SSLEngine engine = tls.createSSLEngine(hostname, port);
        engine.setUseClientMode(true);
        engine.setSSLParameters(verifyingParent(engine.getSSLParameters()));
        return engine;
    }

    /**
     * TLS over {@code connected}, a socket to {@link #address()}, whose handshake checks the parent's
     * certificate as {@link #newEngine()} does.
     */
    SSLSocket layerOver(Socket connected) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(connected, hostname, port, true);
        socket.setUseClientMode(true);
        socket.setSSLParameters(verifyingParent(socket.getSSLParameters()));
        return socket;
    }

    private SSLParameters verifyingParent(SSLParameters parameters) {
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setServerNames(List.of(new SNIHostName(hostname)));
        parameters.setProtocols(TlsProtocols.enabled());
        return parameters;
    }

    /** The {@code Proxy-Authorization} header as this node; empty when it authenticates with its certificate. */
    Optional<String> authorization() {
        return sharedAccessKey == null ? Optional.empty()
                : Optional.of(SasToken.create(tokenResource, sharedAccessKey, clock.instant().plus(TOKEN_LIFETIME)));
    }

    @Override
    public String toString() {
        return hostname + " at " + address + ":" + port + (sharedAccessKey == null ? " (certificate)" : " (SAS)");
    }
}
