package io.strata.site.internal;

import io.strata.api.certs.CertificateAuthority;
import io.strata.api.certs.CertificateRequest;
import io.strata.api.certs.CertificateRole;
import io.strata.api.certs.IssuedCertificate;
import io.strata.api.certs.KeyAlgorithm;
import io.strata.api.node.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The site's PKI in one folder, as {@code edge:certs-create-root} and {@code edge:certs-create-device-ca}
 * lay it out: the root CA ({@code root-ca.*}) and a device CA per node ({@code device-ca-<node>.*}),
 * created when missing and reused when there. A device CA's key is encrypted with a password drawn for it,
 * kept beside it ({@code device-ca-<node>.password}, owner-only): the node's settings need it. A node
 * that proves itself with a certificate has an identity certificate ({@code identity-<node>.*}) too.
 */
final class SitePki {

    /** What a device CA's common name adds to the node's name; it must fit a certificate's 64 characters. */
    static final String DEVICE_CA_SUFFIX = " device CA";
    private static final String ROOT = "root-ca";
    private static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
    private static final Duration DEVICE_CA_VALIDITY = Duration.ofDays(365);
    private static final Duration IDENTITY_VALIDITY = Duration.ofDays(365);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CertificateAuthority authority;
    private final Path folder;

    /** A node's device CA or identity certificate: its files, the password of its key, the certificate. */
    record IssuedFiles(Path fullChain, Path key, String password, boolean created, X509Certificate certificate) {
    }

    SitePki(CertificateAuthority authority, Path folder) {
        this.authority = authority;
        this.folder = folder;
    }

    Path rootCertificate() {
        return folder.resolve(ROOT + ".cert.pem");
    }

    /**
     * The root CA in the folder, opened with its password; empty when the folder has none yet.
     *
     * @throws IllegalArgumentException when it is there but does not open with this password
     */
    Optional<IssuedCertificate> existingRoot(char[] password) throws IOException {
        Path key = folder.resolve(ROOT + ".key.pem");
        if (!Files.exists(rootCertificate()) && !Files.exists(key)) {
            return Optional.empty();
        }
        try {
            return Optional.of(authority.load(rootCertificate(), key, password));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("The root CA " + rootCertificate() + " with " + key
                    + " cannot be used with the password given: " + e.getMessage(), e);
        }
    }

    /** Creates the root CA and writes it into the folder, its key encrypted with the password. */
    IssuedCertificate createRoot(String commonName, char[] password) throws IOException, GeneralSecurityException {
        IssuedCertificate root = authority.createRootCa(
                CertificateRequest.of(CertificateRole.ROOT_CA, commonName, ROOT_VALIDITY, KeyAlgorithm.RSA_2048));
        PrivateFiles.createPrivateDirectory(folder);
        authority.write(root, folder, ROOT, password);
        return root;
    }

    /** The node's device CA: the one in the folder when it opens and the root signed it, else a new one. */
    IssuedFiles deviceCa(String node, IssuedCertificate root) throws IOException, GeneralSecurityException {
        return issued("device-ca-" + node, CertificateRole.DEVICE_CA, node + DEVICE_CA_SUFFIX, root);
    }

    /**
     * The identity certificate with which a node proves itself to its parent (common name: its device id):
     * the one in the folder when it opens and the root signed it, else a new one.
     */
    IssuedFiles identity(String node, IssuedCertificate root) throws IOException, GeneralSecurityException {
        return issued("identity-" + node, CertificateRole.IDENTITY, node, root);
    }

    private IssuedFiles issued(String name, CertificateRole role, String commonName, IssuedCertificate root)
            throws IOException, GeneralSecurityException {
        Path fullChain = folder.resolve(name + ".full-chain.cert.pem");
        Path key = folder.resolve(name + ".key.pem");
        Path passwordFile = folder.resolve(name + ".password");
        if (Files.exists(fullChain) && Files.exists(key) && Files.exists(passwordFile)) {
            String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            try {
                IssuedCertificate existing = authority.load(fullChain, key, password.toCharArray());
                existing.certificate().verify(root.certificate().getPublicKey());
                return new IssuedFiles(fullChain, key, password, false, existing.certificate());
            } catch (GeneralSecurityException | IOException stale) {
                // Another root signed it, or its files do not fit together: issue it anew below.
            }
        }
        String password = newPassword();
        IssuedCertificate issued = authority.issue(CertificateRequest.of(role, commonName, validity(role),
                KeyAlgorithm.RSA_2048), root);
        authority.writeUnderGeneratedSecret(issued, folder, name, password.toCharArray());
        PrivateFiles.writeAtomically(passwordFile, password.getBytes(StandardCharsets.UTF_8));
        return new IssuedFiles(fullChain, key, password, true, issued.certificate());
    }

    private static Duration validity(CertificateRole role) {
        return role == CertificateRole.DEVICE_CA ? DEVICE_CA_VALIDITY : IDENTITY_VALIDITY;
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
