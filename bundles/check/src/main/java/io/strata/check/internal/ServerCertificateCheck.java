package io.strata.check.internal;

import io.strata.api.certs.CertificateStore;
import io.strata.api.check.CheckResult;
import io.strata.api.check.HealthCheck;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;

/**
 * The edge hub's server certificate: it chains to the trust bundle children verify it with, and
 * names the node's hostname, else every child's TLS handshake fails.
 */
final class ServerCertificateCheck implements HealthCheck {

    private static final int DNS_NAME = 2;

    private final CertificateStore certificates;
    private final Supplier<String> hostname;

    ServerCertificateCheck(CertificateStore certificates, Supplier<String> hostname) {
        this.certificates = certificates;
        this.hostname = hostname;
    }

    @Override
    public String group() {
        return CONFIGURATION;
    }

    @Override
    public String id() {
        return "certificates-server";
    }

    @Override
    public String description() {
        return "server certificate chains to the trust bundle and names the hostname";
    }

    @Override
    public CheckResult check() {
        List<X509Certificate> chain = certificates.serverCertificateChain();
        if (chain.isEmpty()) {
            return CheckResult.error("the node has no server certificate", "look at edge:certs and the log of the "
                    + "certificate store");
        }
        X509Certificate server = chain.get(0);
        String subject = server.getSubjectX500Principal().getName(X500Principal.RFC2253);
        try {
            validate(chain, certificates.trustBundle());
        } catch (GeneralSecurityException e) {
            return CheckResult.error(subject + " does not chain to the trust bundle: " + e.getMessage(),
                    "install the device CA issued by a CA of the trust bundle (etc/io.strata.certs.cfg)");
        }
        Set<String> names = dnsNames(server);
        String expected = hostname.get();
        if (!names.contains(expected)) {
            return CheckResult.error(subject + " names " + (names.isEmpty() ? "no DNS name" : names) + ", not "
                    + expected, "let the node issue its server certificate again for " + expected
                            + " (restart it after changing hostname), or fix the configured certificate");
        }
        return CheckResult.ok(subject + " names " + expected + ", issued by "
                + server.getIssuerX500Principal().getName(X500Principal.RFC2253));
    }

    private static void validate(List<X509Certificate> chain, List<X509Certificate> trustBundle)
            throws GeneralSecurityException {
        if (trustBundle.isEmpty()) {
            throw new GeneralSecurityException("the trust bundle is empty");
        }
        Set<TrustAnchor> anchors = trustBundle.stream().map(ca -> new TrustAnchor(ca, null))
                .collect(Collectors.toSet());
        PKIXParameters parameters = new PKIXParameters(anchors);
        parameters.setRevocationEnabled(false);
        // the chain up to, not including, a certificate that is itself an anchor
        List<X509Certificate> path = chain.stream().takeWhile(certificate -> !trustBundle.contains(certificate))
                .toList();
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    }

    private static Set<String> dnsNames(X509Certificate certificate) {
        try {
            Collection<List<?>> alternativeNames = certificate.getSubjectAlternativeNames();
            if (alternativeNames == null) {
                return Set.of();
            }
            return alternativeNames.stream().filter(name -> ((Integer) name.get(0)) == DNS_NAME)
                    .map(name -> name.get(1).toString().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toSet());
        } catch (CertificateParsingException e) {
            return Set.of();
        }
    }
}
