package io.strata.certs.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

import io.strata.api.node.PrivateFiles;

/**
 * Certificates and private keys in PEM files. Keys are written as PKCS#8 encrypted with AES-256
 * under a PBKDF2-HMAC-SHA256 derived key, which OpenSSL reads as well; errors name the file.
 */
final class PemFiles {

    /**
     * PBKDF2 rounds for a key under a password a person chose: OpenSSL's default of 2,048 makes such passwords
     * cheap to brute-force, and loading a key is rare.
     */
    static final int PASSWORD_ROUNDS = 100_000;
    /**
     * PBKDF2 rounds for a key under a generated secret of at least 128 random bits, which no number of rounds makes
     * harder to guess: OpenSSL's default. A node reads its device CA's key at every start, and 100,000 rounds took
     * 0.3 s of a 4 s restart on a small machine.
     */
    static final int GENERATED_SECRET_ROUNDS = 2_048;
    private static final SecureRandom RANDOM = new SecureRandom();
    // BouncyCastle names EC keys "ECDSA", which finds BouncyCastle's own key classes whenever some
    // other bundle (Apache SSHD, for one) registered it JVM-wide; "EC" finds the JDK's, as the
    // certificates' public keys are.
    private static final JcaPEMKeyConverter KEY_CONVERTER =
            new JcaPEMKeyConverter().setAlgorithmMapping(X9ObjectIdentifiers.id_ecPublicKey, "EC");

    private PemFiles() {
    }

    /**
     * BouncyCastle's provider, made the first time a key is written or a key the JDK cannot decrypt is read:
     * it loads some 650 classes and holds 3,500 service entries, and a node starting reads its keys (PBES2 with
     * AES, as written here and by OpenSSL) with the JDK alone. The JDK has no "AES/CBC/PKCS7Padding" that
     * BouncyCastle's PKCS#8 encryption names. Never registered JVM-wide, where it would change what every
     * other bundle gets.
     */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    /** Every certificate in the file, in file order. */
    static List<X509Certificate> readCertificates(Path file) throws IOException, CertificateException {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object object : readObjects(file)) {
            if (object instanceof X509CertificateHolder holder) {
                certificates.add(converter.getCertificate(holder));
            }
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + " holds no PEM certificate");
        }
        return certificates;
    }

    /**
     * The first private key in the file: PKCS#8, encrypted PKCS#8, or a traditional OpenSSL RSA/EC
     * key, encrypted or not.
     *
     * @param password the key's password; empty when it is not encrypted
     */
    static PrivateKey readPrivateKey(Path file, char[] password) throws IOException, GeneralSecurityException {
        for (Object object : readObjects(file)) {
            PrivateKeyInfo key = privateKeyInfo(file, object, password);
            if (key != null) {
                return KEY_CONVERTER.getPrivateKey(key);
            }
        }
        throw new IOException(file + " holds no PEM private key");
    }

    static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, pem.toString(), StandardCharsets.US_ASCII);
    }

    /**
     * Writes the key encrypted with {@code password}, its key derived in {@code rounds} ({@link #PASSWORD_ROUNDS} or
     * {@link #GENERATED_SECRET_ROUNDS}), into a file only its owner can read.
     */
    static void writeEncryptedPrivateKey(Path file, PrivateKey key, char[] password, int rounds)
            throws IOException, GeneralSecurityException {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("A password is required: private keys are only stored encrypted");
        }
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setPRF(JcaPKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(rounds)
                    .setRandom(RANDOM)
                    .setProvider(BouncyCastle.PROVIDER)
                    .setPassword(password)
                    .build()));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("Cannot encrypt the private key for " + file + ": " + e.getMessage(), e);
        }
        PrivateFiles.writeAtomically(file, pem.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static List<Object> readObjects(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException(file + " does not exist or is not a file");
        }
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports broken base64 or DER as unchecked exceptions.
            throw new IOException(file + " is not a readable PEM file: " + e.getMessage(), e);
        }
        return objects;
    }

    private static PrivateKeyInfo privateKeyInfo(Path file, Object object, char[] password)
            throws UnrecoverableKeyException {
        if (object instanceof PrivateKeyInfo plain) {
            return plain;
        }
        if (object instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        }
        if (!(object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair)) {
            return null;
        }
        char[] required = requirePassword(file, password);
        try {
            if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                Cipher jdkCipher = jdkDecryption(encrypted, required);
                if (jdkCipher != null) {
                    return PrivateKeyInfo.getInstance(
                            new EncryptedPrivateKeyInfo(encrypted.getEncoded()).getKeySpec(jdkCipher).getEncoded());
                }
                return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(BouncyCastle.PROVIDER).build(required));
            }
            return ((PEMEncryptedKeyPair) object).decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER).build(required)).getPrivateKeyInfo();
        } catch (OperatorCreationException | PKCSException | GeneralSecurityException | IOException | RuntimeException e) {
            // A wrong password shows as a padding error, or now and then as garbage that fails to decode.
            throw new UnrecoverableKeyException(
                    "Cannot decrypt the private key in " + file + ": wrong password or damaged file");
        }
    }

    /**
     * The JDK's cipher for a PBES2 key, initialised with the password; null when the key is encrypted otherwise
     * (PBES1, 3DES, scrypt), which the JDK does not read.
     */
    private static Cipher jdkDecryption(PKCS8EncryptedPrivateKeyInfo encrypted, char[] password)
            throws GeneralSecurityException {
        if (!PKCSObjectIdentifiers.id_PBES2.equals(encrypted.getEncryptionAlgorithm().getAlgorithm())) {
            return null;
        }
        try {
            AlgorithmParameters parameters = new EncryptedPrivateKeyInfo(encrypted.getEncoded()).getAlgParameters();
            String algorithm = parameters.toString(); // "PBEWithHmacSHA256AndAES_256"
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE,
                    SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password)), parameters);
            return cipher;
        } catch (IOException | NoSuchAlgorithmException e) {
            return null; // the JDK parses PBES2 with AES only
        }
    }

    private static char[] requirePassword(Path file, char[] password) throws UnrecoverableKeyException {
        if (password == null || password.length == 0) {
            throw new UnrecoverableKeyException("The private key in " + file + " is encrypted, but no password was given");
        }
        return password;
    }
}
