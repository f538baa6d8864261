package io.strata.certs.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import io.strata.api.certs.CertificateAuthority;
import io.strata.api.certs.CertificateInfo;
import io.strata.api.certs.CertificateRole;
import io.strata.api.certs.CertificateStore;
import io.strata.api.certs.IssuedCertificate;

/**
 * The certificates of a running node: its chain and the edge hub server certificate the device
 * CA issues for it. Both TLS contexts are built once and follow every change of the chain and
 * every renewal of the server certificate, so listeners and clients never need rebuilding.
 */
final class NodeCertificateStore implements CertificateStore {

    /** Everything that changes together when the node is configured. */
    private record State(NodeChain chain, ServerCertificateSettings settings, ChainValidator validator) {
    }

    private final CertificateAuthority authority;
    private final Clock clock;
    private final RenewableKeyManager serverKeys = new RenewableKeyManager();
    private final TrustBundleTrustManager trustBundleTrust = new TrustBundleTrustManager();
    private final SSLContext serverContext;
    private final SSLContext clientContext;
    private volatile State state;

    NodeCertificateStore(CertificateAuthority authority, Clock clock) throws GeneralSecurityException {
        this.authority = authority;
        this.clock = clock;
        this.serverContext = ModernTls.context(new KeyManager[] {serverKeys},
                new TrustManager[] {new AnyClientTrustManager()});
        this.clientContext = ModernTls.context(null, new TrustManager[] {trustBundleTrust});
    }

    /**
     * Switches to a chain and issues a server certificate from it. Nothing changes when that fails,
     * so a bad configuration leaves the node with the certificates it had.
     *
     * @throws CertificateException when the device CA does not lead to the trust bundle
     */
    synchronized void configure(NodeChain chain, ServerCertificateSettings settings) throws GeneralSecurityException {
        ChainValidator validator = new ChainValidator(chain.trustBundle(), clock);
        IssuedCertificate server = authority.issue(settings.request(), chain.deviceCa());
        try {
            validator.validatePath(server.chain());
        } catch (CertificateException e) {
            throw new CertificateException("Children could not verify this node's server certificate: " + e.getMessage()
                    + " (the device CA file or the trust bundle must hold every CA between the device CA and the root)", e);
        }
        trustBundleTrust.trust(chain.trustBundle());
        state = new State(chain, settings, validator);
        serverKeys.use(server);
    }

    /** Replaces the server certificate once the configured share of its lifetime has passed. */
    synchronized boolean renewIfDue() throws GeneralSecurityException {
        if (clock.instant().isBefore(renewalTime())) {
            return false;
        }
        State current = state;
        serverKeys.use(authority.issue(current.settings().request(), current.chain().deviceCa()));
        return true;
    }

    /** When the current server certificate is due for renewal. */
    Instant renewalTime() {
        X509Certificate server = serverKeys.current().certificate();
        Instant notBefore = server.getNotBefore().toInstant();
        Duration lifetime = Duration.between(notBefore, server.getNotAfter().toInstant());
        return notBefore.plusMillis((long) (lifetime.toMillis() * state.settings().renewalShare()));
    }

    @Override
    public SSLContext serverSslContext() {
        return serverContext;
    }

    @Override
    public SSLContext clientSslContext() {
        return clientContext;
    }

    @Override
    public SSLContext clientSslContext(Path certificate, Path privateKey, char[] keyPassword)
            throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = PemFiles.readCertificates(certificate);
        PrivateKey key = PemFiles.readPrivateKey(privateKey, keyPassword);
        char[] inMemory = new char[0]; // the key store never leaves this method
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", key, inMemory, chain.toArray(new Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, inMemory);
        return ModernTls.context(keyManagers.getKeyManagers(), new TrustManager[] {trustBundleTrust});
    }

    @Override
    public List<X509Certificate> trustBundle() {
        return state.chain().trustBundle();
    }

    @Override
    public List<X509Certificate> serverCertificateChain() {
        return serverKeys.current().chain();
    }

    @Override
    public void validateClientChain(List<X509Certificate> chain) throws CertificateException {
        state.validator().validateClientChain(chain);
    }

    /** The CAs root first, then the device CA, then the server certificate. */
    @Override
    public List<CertificateInfo> certificates() {
        NodeChain chain = state.chain();
        List<X509Certificate> deviceCaChain = chain.deviceCa().chain();
        List<X509Certificate> deviceCaIssuers = new ArrayList<>(deviceCaChain.subList(1, deviceCaChain.size()));
        Collections.reverse(deviceCaIssuers);
        Set<X509Certificate> issuers = new LinkedHashSet<>(deviceCaIssuers);
        issuers.addAll(chain.trustBundle());
        List<CertificateInfo> certificates = new ArrayList<>();
        for (X509Certificate issuer : issuers) {
            boolean root = issuer.getSubjectX500Principal().equals(issuer.getIssuerX500Principal());
            certificates.add(info(root ? CertificateRole.ROOT_CA : CertificateRole.INTERMEDIATE_CA, issuer));
        }
        certificates.add(info(CertificateRole.DEVICE_CA, chain.deviceCa().certificate()));
        certificates.add(info(CertificateRole.SERVER, serverKeys.current().certificate()));
        return certificates;
    }

    @Override
    public boolean isDevelopmentChain() {
        return state.chain().development();
    }

    private static CertificateInfo info(CertificateRole role, X509Certificate certificate) {
        return new CertificateInfo(role, certificate.getSubjectX500Principal().getName(),
                certificate.getIssuerX500Principal().getName(), certificate.getNotAfter().toInstant(),
                Thumbprints.sha1(certificate), Thumbprints.sha256(certificate));
    }
}
