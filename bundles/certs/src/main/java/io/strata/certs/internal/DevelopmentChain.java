package io.strata.certs.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.api.certs.CertificateAuthority;
import io.strata.api.certs.CertificateRequest;
import io.strata.api.certs.CertificateRole;
import io.strata.api.certs.IssuedCertificate;
import io.strata.api.certs.KeyAlgorithm;
import io.strata.api.node.PrivateFiles;

/**
 * The chain a node makes for itself when none is configured, so a single node works out of the
 * box: a root CA and a device CA, created on first start and reused on later ones. Their keys are
 * encrypted under a random password kept next to them in a file only the owner can read, as
 * Azure IoT Edge keeps its master encryption key.
 */
final class DevelopmentChain {

    private static final String ROOT_CA = "root-ca";
    private static final String DEVICE_CA = "device-ca";
    static final String PASSWORD_FILE = "store.password";

    private static final Logger LOG = LoggerFactory.getLogger(DevelopmentChain.class);
    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final int PASSWORD_BYTES = 32;

    private final Path directory;
    private final CertificateAuthority authority;
    private final Clock clock;

    DevelopmentChain(Path directory, CertificateAuthority authority, Clock clock) {
        this.directory = directory;
        this.authority = authority;
        this.clock = clock;
    }

    /** The chain in the directory, or a new one when there is none or it cannot be used any more. */
    NodeChain loadOrCreate() throws IOException, GeneralSecurityException {
        char[] password = password();
        Path deviceCaKey = directory.resolve(DEVICE_CA + ".key.pem");
        if (Files.exists(deviceCaKey)) {
            try {
                IssuedCertificate deviceCa = authority.load(directory.resolve(DEVICE_CA + ".full-chain.cert.pem"),
                        deviceCaKey, password);
                if (isValidNow(deviceCa.chain())) {
                    return developmentChain(deviceCa);
                }
                LOG.warn("The development chain in {} has expired; creating a new one, which children must trust anew",
                        directory);
            } catch (IOException | GeneralSecurityException e) {
                LOG.warn("Cannot use the development chain in {} ({}); creating a new one, which children must trust anew",
                        directory, e.getMessage());
            }
        }
        return developmentChain(create(password));
    }

    private IssuedCertificate create(char[] password) throws IOException, GeneralSecurityException {
        IssuedCertificate root = authority.createRootCa(CertificateRequest.of(CertificateRole.ROOT_CA,
                "Strata development root CA", VALIDITY, KeyAlgorithm.EC_P256));
        IssuedCertificate deviceCa = authority.issue(CertificateRequest.of(CertificateRole.DEVICE_CA,
                "Strata development device CA", VALIDITY, KeyAlgorithm.EC_P256), root);
        authority.writeUnderGeneratedSecret(root, directory, ROOT_CA, password);
        authority.writeUnderGeneratedSecret(deviceCa, directory, DEVICE_CA, password);
        LOG.info("Created a development certificate chain in {}; children trust this node through {}", directory,
                directory.resolve(ROOT_CA + ".cert.pem"));
        return deviceCa;
    }

    private static NodeChain developmentChain(IssuedCertificate deviceCa) {
        List<X509Certificate> chain = deviceCa.chain();
        return new NodeChain(List.of(chain.get(chain.size() - 1)), deviceCa, true);
    }

    private boolean isValidNow(List<X509Certificate> chain) {
        return chain.stream().allMatch(certificate -> certificate.getNotAfter().toInstant().isAfter(clock.instant()));
    }

    /** The password the chain's keys are encrypted with, made up on first use. */
    private char[] password() throws IOException {
        Path file = directory.resolve(PASSWORD_FILE);
        if (!Files.exists(file)) {
            byte[] secret = new byte[PASSWORD_BYTES];
            new SecureRandom().nextBytes(secret);
            PrivateFiles.writeAtomically(file, Base64.getUrlEncoder().withoutPadding().encode(secret));
        }
        return Files.readString(file, StandardCharsets.US_ASCII).trim().toCharArray();
    }
}
