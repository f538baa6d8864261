package io.strata.certs.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.osgi.service.component.annotations.Component;

import io.strata.api.certs.CertificateAuthority;
import io.strata.api.certs.CertificateRequest;
import io.strata.api.certs.CertificateRole;
import io.strata.api.certs.IssuedCertificate;
import io.strata.api.certs.KeyAlgorithm;

/**
 * Creates certificates with BouncyCastle's builders; keys and signatures come from the JDK's own
 * providers, so the results work in JSSE as they are.
 */
@Component(service = CertificateAuthority.class)
public class BouncyCastleCertificateAuthority implements CertificateAuthority {

    // A fresh certificate starts a little in the past, so a peer whose clock lags accepts it at once.
    private static final Duration BACKDATING = Duration.ofMinutes(5);
    private static final int SERIAL_NUMBER_BITS = 159;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;

    public BouncyCastleCertificateAuthority() {
        this(Clock.systemUTC());
    }

    BouncyCastleCertificateAuthority(Clock clock) {
        this.clock = clock;
    }

    @Override
    public IssuedCertificate createRootCa(CertificateRequest request) throws GeneralSecurityException {
        if (request.role() != CertificateRole.ROOT_CA) {
            throw new IllegalArgumentException("Only a root CA is self-signed; a " + request.role() + " needs an issuer");
        }
        KeyPair keys = generateKeyPair(request.keyAlgorithm());
        X500Name subject = commonName(request.commonName());
        X509Certificate root = sign(request, subject, keys.getPublic(), subject, keys.getPublic(), keys.getPrivate());
        return new IssuedCertificate(List.of(root), keys.getPrivate());
    }

    @Override
    public IssuedCertificate issue(CertificateRequest request, IssuedCertificate issuer) throws GeneralSecurityException {
        if (request.role() == CertificateRole.ROOT_CA) {
            throw new IllegalArgumentException("A root CA is self-signed; use createRootCa");
        }
        X509Certificate issuerCertificate = issuer.certificate();
        requireCanSign(issuerCertificate, request.role());
        KeyPair keys = generateKeyPair(request.keyAlgorithm());
        X509Certificate certificate = sign(request, commonName(request.commonName()), keys.getPublic(),
                X500Name.getInstance(issuerCertificate.getSubjectX500Principal().getEncoded()),
                issuerCertificate.getPublicKey(), issuer.privateKey());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(issuer.chain());
        return new IssuedCertificate(chain, keys.getPrivate());
    }

    @Override
    public IssuedCertificate load(Path certificatePem, Path privateKeyPem, char[] keyPassword)
            throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = PemFiles.readCertificates(certificatePem);
        PrivateKey key = PemFiles.readPrivateKey(privateKeyPem, keyPassword);
        if (!belongTogether(key, chain.get(0).getPublicKey())) {
            throw new InvalidKeyException(
                    "The private key in " + privateKeyPem + " does not belong to the certificate in " + certificatePem);
        }
        return new IssuedCertificate(chain, key);
    }

    @Override
    public List<Path> write(IssuedCertificate certificate, Path directory, String name, char[] keyPassword)
            throws IOException, GeneralSecurityException {
        return write(certificate, directory, name, keyPassword, PemFiles.PASSWORD_ROUNDS);
    }

    @Override
    public List<Path> writeUnderGeneratedSecret(IssuedCertificate certificate, Path directory, String name,
            char[] generatedSecret) throws IOException, GeneralSecurityException {
        return write(certificate, directory, name, generatedSecret, PemFiles.GENERATED_SECRET_ROUNDS);
    }

    private static List<Path> write(IssuedCertificate certificate, Path directory, String name, char[] keyPassword,
            int keyDerivationRounds) throws IOException, GeneralSecurityException {
        Path certificateFile = directory.resolve(name + ".cert.pem");
        Path fullChainFile = directory.resolve(name + ".full-chain.cert.pem");
        Path keyFile = directory.resolve(name + ".key.pem");
        PemFiles.writeEncryptedPrivateKey(keyFile, certificate.privateKey(), keyPassword, keyDerivationRounds);
        PemFiles.writeCertificates(certificateFile, List.of(certificate.certificate()));
        PemFiles.writeCertificates(fullChainFile, certificate.chain());
        return List.of(certificateFile, fullChainFile, keyFile);
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return "RSA".equals(key.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
    }

    private X509Certificate sign(CertificateRequest request, X500Name subject, PublicKey subjectKey, X500Name issuer,
            PublicKey issuerKey, PrivateKey signingKey) throws GeneralSecurityException {
        // X.509 keeps whole seconds only.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        BigInteger serialNumber = new BigInteger(SERIAL_NUMBER_BITS, RANDOM).add(BigInteger.ONE);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serialNumber,
                Date.from(now.minus(BACKDATING)), Date.from(now.plus(request.validity())), subject, subjectKey);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(issuerKey));
            addRoleExtensions(builder, request.role(), subjectKey);
            addSubjectAlternativeNames(builder, request);
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signatureAlgorithm(signingKey)).build(signingKey)));
        } catch (CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("Cannot create the certificate for " + request.commonName() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void addRoleExtensions(X509v3CertificateBuilder builder, CertificateRole role, PublicKey subjectKey)
            throws CertIOException {
        // A device CA signs its node's leaf certificates only, never another CA.
        BasicConstraints constraints = switch (role) {
            case ROOT_CA, INTERMEDIATE_CA -> new BasicConstraints(true);
            case DEVICE_CA -> new BasicConstraints(0);
            case SERVER, IDENTITY -> new BasicConstraints(false);
        };
        builder.addExtension(Extension.basicConstraints, true, constraints);
        if (constraints.isCA()) {
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            return;
        }
        // RSA key exchange (TLS 1.2) encrypts with the certificate's key; EC keys only sign.
        int usage = "RSA".equals(subjectKey.getAlgorithm()) ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature;
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        KeyPurposeId purpose =
                role == CertificateRole.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth;
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    }

    private static void addSubjectAlternativeNames(X509v3CertificateBuilder builder, CertificateRequest request)
            throws CertIOException {
        List<GeneralName> names = new ArrayList<>();
        request.dnsNames().forEach(dnsName -> names.add(new GeneralName(GeneralName.dNSName, dnsName)));
        for (String address : request.ipAddresses()) {
            if (!IPAddress.isValid(address)) {
                throw new IllegalArgumentException("'" + address + "' is not an IP address");
            }
            names.add(new GeneralName(GeneralName.iPAddress, address));
        }
        if (!names.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
        }
    }

    private static void requireCanSign(X509Certificate issuer, CertificateRole role) {
        String name = "'" + issuer.getSubjectX500Principal().getName() + "'";
        int pathLength = issuer.getBasicConstraints();
        if (pathLength < 0) {
            throw new IllegalArgumentException(name + " is not a CA certificate and cannot sign certificates");
        }
        boolean[] keyUsage = issuer.getKeyUsage();
        if (keyUsage != null && !keyUsage[5]) {
            throw new IllegalArgumentException("The key usage of " + name + " does not allow signing certificates");
        }
        boolean caRequested = role == CertificateRole.INTERMEDIATE_CA || role == CertificateRole.DEVICE_CA;
        if (caRequested && pathLength == 0) {
            throw new IllegalArgumentException(name + " may sign leaf certificates only (path length 0), not a " + role);
        }
    }

    private static X500Name commonName(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static KeyPair generateKeyPair(KeyAlgorithm algorithm) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm == KeyAlgorithm.EC_P256 ? "EC" : "RSA");
        switch (algorithm) {
            case RSA_2048 -> generator.initialize(2048, RANDOM);
            case RSA_4096 -> generator.initialize(4096, RANDOM);
            case EC_P256 -> generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        }
        return generator.generateKeyPair();
    }

    /** Whether the private key signs what the public key verifies, whatever their types. */
    private static boolean belongTogether(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        Signature signer = Signature.getInstance(signatureAlgorithm(privateKey));
        signer.initSign(privateKey);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(signatureAlgorithm(privateKey));
        try {
            verifier.initVerify(publicKey);
        } catch (InvalidKeyException differentKeyType) {
            return false;
        }
        verifier.update(challenge);
        return verifier.verify(signature);
    }
}
