package io.strata.upstream.internal;

import io.strata.api.node.NodeSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context for X.509 authentication to the parent: this node's client certificate and key from
 * PEM files ({@code upstreamCertificate}, {@code upstreamPrivateKey}, PKCS#8, encrypted or not), and
 * the node's trust bundle for the parent's certificate.
 */
final class ClientCertificate {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final char[] STORE_PASSWORD = new char[0];

    private ClientCertificate() {
    }

    /**
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    static SSLContext sslContext(UpstreamSettings settings, List<X509Certificate> trustBundle) {
        List<X509Certificate> chain = certificates(settings.certificate());
        PrivateKey key = privateKey(settings.privateKey(), settings.privateKeyPassword(), chain.get(0));
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("upstream", key, STORE_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, STORE_PASSWORD);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < trustBundle.size(); i++) {
                trust.setCertificateEntry("trusted-" + i, trustBundle.get(i));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("Cannot use the client certificate " + settings.certificate() + ": "
                    + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(Path file) {
        try {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file))).stream()
                    .map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(NodeSettings.UPSTREAM_CERTIFICATE + " " + file
                        + " holds no PEM certificate");
            }
            return chain;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot read " + NodeSettings.UPSTREAM_CERTIFICATE + " " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file, String password, X509Certificate certificate) {
        try {
            Matcher pem = PEM.matcher(Files.readString(file, StandardCharsets.US_ASCII));
            if (!pem.find()) {
                throw new IllegalArgumentException(NodeSettings.UPSTREAM_PRIVATE_KEY + " " + file + " holds no PEM key");
            }
            byte[] der = Base64.getMimeDecoder().decode(pem.group(2));
            PKCS8EncodedKeySpec spec = switch (pem.group(1)) {
                case "PRIVATE KEY" -> new PKCS8EncodedKeySpec(der);
                case "ENCRYPTED PRIVATE KEY" -> decrypt(der, password, file);
                default -> throw new IllegalArgumentException(NodeSettings.UPSTREAM_PRIVATE_KEY + " " + file
                        + " is a " + pem.group(1) + ": use a PKCS#8 key (BEGIN PRIVATE KEY or BEGIN ENCRYPTED PRIVATE KEY)");
            };
            return KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm()).generatePrivate(spec);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot read " + NodeSettings.UPSTREAM_PRIVATE_KEY + " " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private static PKCS8EncodedKeySpec decrypt(byte[] der, String password, Path file) throws IOException {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException(NodeSettings.UPSTREAM_PRIVATE_KEY + " " + file
                    + " is encrypted: set " + NodeSettings.UPSTREAM_PRIVATE_KEY_PASSWORD);
        }
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            // PBES2 keys name their real algorithm (e.g. PBEWithHmacSHA256AndAES_256) in the parameters
            String algorithm = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(algorithm)
                    .generateSecret(new PBEKeySpec(password.toCharArray())), info.getAlgParameters());
            return info.getKeySpec(cipher);
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException(NodeSettings.UPSTREAM_PRIVATE_KEY + " " + file
                    + " cannot be decrypted: is " + NodeSettings.UPSTREAM_PRIVATE_KEY_PASSWORD + " right?", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(NodeSettings.UPSTREAM_PRIVATE_KEY + " " + file
                    + " is encrypted in a way this JVM cannot read: " + e.getMessage(), e);
        }
    }
}
