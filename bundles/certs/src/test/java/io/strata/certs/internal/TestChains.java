package io.strata.certs.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import io.strata.api.certs.CertificateRequest;
import io.strata.api.certs.CertificateRole;
import io.strata.api.certs.IssuedCertificate;
import io.strata.api.certs.KeyAlgorithm;

/** Requests and hand-made certificates for tests, including ones the authority refuses to make. */
final class TestChains {

    static final Duration YEAR = Duration.ofDays(365);

    private TestChains() {
    }

    /** The PBKDF2 rounds of an encrypted PKCS#8 key file, as a reader of the file derives its key. */
    static int keyDerivationRounds(Path keyFile) throws IOException {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII))) {
            PKCS8EncryptedPrivateKeyInfo key = (PKCS8EncryptedPrivateKeyInfo) parser.readObject();
            PBES2Parameters scheme = PBES2Parameters.getInstance(key.getEncryptionAlgorithm().getParameters());
            return PBKDF2Params.getInstance(scheme.getKeyDerivationFunc().getParameters()).getIterationCount()
                    .intValueExact();
        }
    }

    static CertificateRequest request(CertificateRole role, String commonName, KeyAlgorithm algorithm) {
        return CertificateRequest.of(role, commonName, YEAR, algorithm);
    }

    static CertificateRequest request(CertificateRole role, String commonName) {
        return request(role, commonName, KeyAlgorithm.EC_P256);
    }

    /**
     * A certificate signed by {@code issuer} with exactly the basic constraints and key usage given,
     * bypassing the authority's checks: the misissued certificates a validator must catch.
     */
    static IssuedCertificate handMade(String commonName, IssuedCertificate issuer, boolean ca, int keyUsage)
            throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer.certificate(),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)), Date.from(now.plus(YEAR)),
                new X500Name("CN=" + commonName), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.privateKey())));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(issuer.chain());
        return new IssuedCertificate(chain, keys.getPrivate());
    }
}
