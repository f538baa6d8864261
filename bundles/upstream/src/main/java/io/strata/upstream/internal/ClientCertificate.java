package io.strata.upstream.internal;

import io.strata.api.certs.CertificateStore;
import io.strata.api.node.NodeSettings;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.UnrecoverableKeyException;
import javax.net.ssl.SSLContext;

/**
 * The TLS context for X.509 authentication to the parent: this node's client certificate and key from
 * the PEM files {@code upstreamCertificate} and {@code upstreamPrivateKey}, read by the certificate
 * store at each attempt, and the node's trust bundle for the parent's certificate.
 */
final class ClientCertificate {

    private ClientCertificate() {
    }

    /**
     * @throws IllegalArgumentException naming the key and the file and what is wrong with it
     */
    static SSLContext sslContext(UpstreamSettings settings, CertificateStore certificates) {
        try {
            return certificates.clientSslContext(settings.certificate(), settings.privateKey(),
                    settings.privateKeyPassword().toCharArray());
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException(NodeSettings.UPSTREAM_PRIVATE_KEY + ": " + e.getMessage() + " (check "
                    + NodeSettings.UPSTREAM_PRIVATE_KEY_PASSWORD + ")", e);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot use " + NodeSettings.UPSTREAM_CERTIFICATE + " "
                    + settings.certificate() + " with " + NodeSettings.UPSTREAM_PRIVATE_KEY + " " + settings.privateKey()
                    + ": " + e.getMessage(), e);
        }
    }
}
