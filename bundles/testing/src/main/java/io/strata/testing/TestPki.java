package io.strata.testing;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway CA and a certificate it signed for one host name (and 127.0.0.1), EC P-256 keys, as
 * real JSSE contexts and PEM files.
 */
public final class TestPki {

    private static final char[] PASSWORD = "test".toCharArray();
    private static final String CA_NAME = "CN=Test Root CA";

    public final KeyPair caKeys;
    public final X509Certificate ca;
    public final KeyPair keys;
    /** The certificate for the host name: a server's, or a client's for authentication by thumbprint. */
    public final X509Certificate certificate;

    public TestPki(String hostname) throws Exception {
        caKeys = keys();
        ca = certificate(CA_NAME, caKeys, caKeys, null);
        keys = keys();
        certificate = certificate("CN=" + hostname, keys, caKeys, hostname);
    }

    /**
     * What a listener presents: the certificate and the CA. Like the node's certificate store it takes
     * any client certificate in the handshake, since the listener authenticates it afterwards.
     */
    public SSLContext serverContext() throws Exception {
        return context(keyManagers(), new TrustManager[] {new AnyClient()});
    }

    /** What a client uses: it trusts the CA only, as a node trusts its trust bundle, and presents no certificate. */
    public SSLContext clientContext() throws Exception {
        return context(null, trustManagers());
    }

    /**
     * What a client with this certificate uses to authenticate with {@code server}, as the node's
     * certificate store makes it from PEM files: presents this certificate, trusts the server's CA.
     */
    public SSLContext clientContextPresentingThis(TestPki server) throws Exception {
        return context(keyManagers(), server.trustManagers());
    }

    private TrustManager[] trustManagers() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        return trustManagers.getTrustManagers();
    }

    /**
     * Writes the certificate and its key as PEM files, the key encrypted with {@code password} as the
     * certs bundle writes keys (PKCS#8, PBES2 with HMAC-SHA256 and AES-256).
     */
    public void writePem(Path certificateFile, Path keyFile, String password) throws Exception {
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(certificateFile))) {
            writer.writeObject(certificate);
        }
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setPRF(PKCS8Generator.PRF_HMACSHA256).setProvider(new BouncyCastleProvider())
                .setPassword(password.toCharArray()).build();
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(keyFile))) {
            writer.writeObject(new JcaPKCS8Generator(keys.getPrivate(), encryptor));
        }
    }

    private KeyManager[] keyManagers() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("own", keys.getPrivate(), PASSWORD, new X509Certificate[] {certificate, ca});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, PASSWORD);
        return keyManagers.getKeyManagers();
    }

    private static SSLContext context(KeyManager[] keyManagers, TrustManager[] trustManagers) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trustManagers, null);
        return context;
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A certificate {@code subject} signed by the CA; a CA certificate when {@code hostname} is null. */
    private static X509Certificate certificate(String subject, KeyPair subjectKeys, KeyPair issuerKeys, String hostname)
            throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(CA_NAME),
                BigInteger.valueOf(System.nanoTime()), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(hostname == null));
        if (hostname != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, hostname),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    /** Takes any client certificate; a server context trusts no servers. */
    private static final class AnyClient implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a server context trusts no servers");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
