package io.strata.api.certs;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's certificates: the trust bundle (root CA and intermediates shared by the hierarchy),
 * the node's device CA and the edge hub server certificate it signs.
 */
@ProviderType
public interface CertificateStore {

    /**
     * The TLS context every listener uses. It presents the current edge hub server certificate with
     * its full chain and keeps doing so across renewals: new handshakes get the renewed certificate,
     * established connections are left alone, so listeners never need rebuilding. Only TLS 1.2 and
     * 1.3 are enabled. A client certificate, when the listener asks for one, is accepted during the
     * handshake whoever signed it, because self-signed device certificates authenticate by
     * thumbprint: the listener authenticates the presented chain afterwards (thumbprint, or
     * {@link #validateClientChain}).
     */
    SSLContext serverSslContext();

    /**
     * A TLS context (1.2 and 1.3 only) for connections this node opens, trusting the trust bundle
     * only. Callers still switch on host name checking (endpoint identification) on their engines.
     */
    SSLContext clientSslContext();

    /**
     * A TLS context like {@link #clientSslContext()} that also presents a client certificate of this
     * node's own: the PEM certificate (chain, leaf first) and its PEM key, PKCS#8 or a traditional
     * OpenSSL RSA or EC key, encrypted or not. The files are read at each call, so a renewed pair is
     * used by the next connection.
     *
     * @param keyPassword the key's password; empty when it is not encrypted
     * @throws java.io.FileNotFoundException when a file does not exist
     * @throws IOException when a file is no PEM file or holds no certificate or no key, naming it
     * @throws java.security.UnrecoverableKeyException when the key is encrypted and the password is
     *         missing or wrong, naming the file
     */
    SSLContext clientSslContext(Path certificate, Path privateKey, char[] keyPassword)
            throws IOException, GeneralSecurityException;

    /** The CA certificates this node trusts. */
    List<X509Certificate> trustBundle();

    /** The edge hub server certificate followed by its issuers. */
    List<X509Certificate> serverCertificateChain();

    /**
     * Checks a client's chain, leaf first, against the trust bundle: signatures, validity dates,
     * basic constraints and key usage.
     *
     * @throws CertificateException naming the first problem found
     */
    void validateClientChain(List<X509Certificate> chain) throws CertificateException;

    /** Every certificate the store holds, for display and diagnostics. */
    List<CertificateInfo> certificates();

    /** True when the store generated its own development chain because none was configured. */
    boolean isDevelopmentChain();
}
