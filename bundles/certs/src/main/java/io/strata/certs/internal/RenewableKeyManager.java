package io.strata.certs.internal;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import io.strata.api.certs.IssuedCertificate;

/**
 * Presents whichever server certificate is current. An SSLContext built once over this key
 * manager serves every renewal: each new handshake asks for the key and chain again, while
 * established connections keep the session they negotiated.
 */
final class RenewableKeyManager extends X509ExtendedKeyManager {

    /**
     * A certificate under an alias of its own. JSSE asks for the alias, then the chain, then the
     * key; keeping the previous entry answers a handshake that straddles a renewal consistently.
     */
    private record Entry(String alias, IssuedCertificate certificate, Entry previous) {
    }

    private final AtomicReference<Entry> current = new AtomicReference<>();

    /** Makes {@code certificate} the one new handshakes get. */
    void use(IssuedCertificate certificate) {
        String alias = "server-" + certificate.certificate().getSerialNumber().toString(16);
        current.updateAndGet(old -> new Entry(alias, certificate,
                old == null ? null : new Entry(old.alias, old.certificate, null)));
    }

    /** The certificate new handshakes get, or null before the first {@link #use}. */
    IssuedCertificate current() {
        Entry entry = current.get();
        return entry == null ? null : entry.certificate;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        IssuedCertificate certificate = lookup(alias);
        return certificate == null ? null : certificate.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        IssuedCertificate certificate = lookup(alias);
        return certificate == null ? null : certificate.privateKey();
    }

    /** This key manager only serves; the node's outgoing connections have none of their own. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }

    /** JSSE names the key type it can use ("RSA", "EC", ...): offer the certificate only when it fits. */
    private String aliasFor(String keyType) {
        Entry entry = current.get();
        return entry != null && entry.certificate.privateKey().getAlgorithm().equals(keyType) ? entry.alias : null;
    }

    private IssuedCertificate lookup(String alias) {
        for (Entry entry = current.get(); entry != null; entry = entry.previous) {
            if (entry.alias.equals(alias)) {
                return entry.certificate;
            }
        }
        return null;
    }
}
