package io.strata.certs.internal;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertPathValidatorException.Reason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks certificate chains against the trust bundle with the JDK's PKIX validator (signatures,
 * validity dates, basic constraints, key usage, path length), and turns its verdicts into
 * messages that say which certificate is wrong and why.
 */
final class ChainValidator {

    private static final String CLIENT_AUTHENTICATION = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;

    private final List<X509Certificate> trustBundle;
    private final Set<TrustAnchor> anchors;
    private final Clock clock;

    ChainValidator(List<X509Certificate> trustBundle, Clock clock) {
        this.trustBundle = List.copyOf(trustBundle);
        this.anchors = trustBundle.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
        this.clock = clock;
    }

    /** Checks that the chain, leaf first, leads to a CA of the trust bundle. */
    void validatePath(List<X509Certificate> chain) throws CertificateException {
        if (chain.isEmpty()) {
            throw new CertificateException("The certificate chain is empty");
        }
        if (anchors.isEmpty()) {
            throw new CertificateException("The trust bundle is empty");
        }
        List<X509Certificate> path = withoutTrustedTail(chain);
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            // Nodes of a nested edge often cannot reach a CRL or OCSP responder; Azure IoT Edge does not check either.
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (CertPathValidatorException e) {
            throw new CertificateException(describe(e, path), e);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("Cannot validate the chain of " + name(chain.get(0)) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a chain a client presented: it must lead to the trust bundle, and its first
     * certificate must be a leaf fit for client authentication.
     */
    void validateClientChain(List<X509Certificate> chain) throws CertificateException {
        validatePath(chain);
        X509Certificate leaf = chain.get(0);
        if (leaf.getBasicConstraints() >= 0) {
            throw new CertificateException("The " + name(leaf) + " is a CA certificate, not a client certificate");
        }
        boolean[] keyUsage = leaf.getKeyUsage();
        if (keyUsage != null && !keyUsage[DIGITAL_SIGNATURE]) {
            throw new CertificateException("The key usage of " + name(leaf)
                    + " does not allow digital signatures, which client authentication needs");
        }
        List<String> extendedKeyUsage = leaf.getExtendedKeyUsage();
        if (extendedKeyUsage != null && !extendedKeyUsage.contains(CLIENT_AUTHENTICATION)
                && !extendedKeyUsage.contains(ANY_EXTENDED_KEY_USAGE)) {
            throw new CertificateException(
                    "The extended key usage of " + name(leaf) + " does not allow client authentication");
        }
    }

    /** The chain without the trust bundle CAs at its end: PKIX wants the path below the anchor. */
    private List<X509Certificate> withoutTrustedTail(List<X509Certificate> chain) {
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && trustBundle.contains(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        return path;
    }

    private static String describe(CertPathValidatorException e, List<X509Certificate> path) {
        int index = e.getIndex() >= 0 && e.getIndex() < path.size() ? e.getIndex() : path.size() - 1;
        X509Certificate certificate = path.get(index);
        String name = name(certificate);
        Reason reason = e.getReason();
        if (reason == BasicReason.EXPIRED) {
            return "The " + name + " expired on " + certificate.getNotAfter().toInstant();
        }
        if (reason == BasicReason.NOT_YET_VALID) {
            return "The " + name + " is not valid yet: its validity starts " + certificate.getNotBefore().toInstant();
        }
        if (reason == BasicReason.INVALID_SIGNATURE) {
            return "The signature on " + name + " does not verify";
        }
        if (reason == PKIXReason.NO_TRUST_ANCHOR) {
            return "The " + name + " was not issued by a CA in the trust bundle";
        }
        if (reason == PKIXReason.NOT_CA_CERT) {
            return "The " + name + " signed a certificate but is not a CA (basic constraints)";
        }
        if (reason == PKIXReason.INVALID_KEY_USAGE) {
            // PKIX checks the key usage of the issuers in the path only.
            return "The key usage of " + name + " does not allow signing certificates, yet it signed one";
        }
        if (reason == PKIXReason.PATH_TOO_LONG) {
            return "The " + name + " lies deeper below its CA than the CA's path length constraint allows";
        }
        return "The " + name + " is not valid: " + e.getMessage();
    }

    private static String name(X509Certificate certificate) {
        return "certificate '" + certificate.getSubjectX500Principal().getName() + "'";
    }
}
