package io.strata.api.certs;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates the certificates of an Azure IoT Edge style hierarchy: a root CA, optional intermediate
 * CAs, a device CA per edge node, and leaf certificates (edge hub server, X.509 device identities),
 * and moves them in and out of PEM files with encrypted private keys.
 */
@ProviderType
public interface CertificateAuthority {

    /**
     * Creates a self-signed root CA.
     *
     * @throws IllegalArgumentException when the request's role is not {@link CertificateRole#ROOT_CA}
     */
    IssuedCertificate createRootCa(CertificateRequest request) throws GeneralSecurityException;

    /**
     * Creates a certificate signed by {@code issuer}; its chain is the new certificate followed by
     * the issuer's chain.
     *
     * @throws IllegalArgumentException when the request is for a root CA, or the issuer is not a CA
     *         allowed to sign it (basic constraints, key usage, path length)
     */
    IssuedCertificate issue(CertificateRequest request, IssuedCertificate issuer) throws GeneralSecurityException;

    /**
     * Reads a certificate chain (certificate first) and its private key from PEM files. The key may
     * be PKCS#8, encrypted PKCS#8 or traditional OpenSSL PEM.
     *
     * @param keyPassword the key's password; empty or null when the key is not encrypted
     * @throws IOException naming the file that is missing or unreadable
     * @throws GeneralSecurityException when the password is wrong or the key does not belong to the certificate
     */
    IssuedCertificate load(Path certificatePem, Path privateKeyPem, char[] keyPassword)
            throws IOException, GeneralSecurityException;

    /**
     * Writes {@code <name>.cert.pem} (the certificate), {@code <name>.full-chain.cert.pem} (the
     * whole chain) and {@code <name>.key.pem} (the private key as password-encrypted PKCS#8) into
     * {@code directory}, creating it if needed; files are readable by their owner only where the
     * file system supports POSIX permissions.
     *
     * @return the files written
     */
    List<Path> write(IssuedCertificate certificate, Path directory, String name, char[] keyPassword)
            throws IOException, GeneralSecurityException;

    /**
     * As {@link #write}, for a key whose password is a generated secret of at least 128 random bits, kept where the
     * node reads it, rather than one a person chose: no number of key derivation rounds makes such a secret harder
     * to guess, so its key is derived in few, and a node that reads it at every start does so in milliseconds
     * rather than a third of a second.
     *
     * @return the files written
     */
    List<Path> writeUnderGeneratedSecret(IssuedCertificate certificate, Path directory, String name,
            char[] generatedSecret) throws IOException, GeneralSecurityException;
}
