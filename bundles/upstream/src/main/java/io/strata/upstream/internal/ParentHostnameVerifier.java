package io.strata.upstream.internal;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/**
 * Checks that the parent's certificate (whose chain TLS has verified) names {@code parentHostname}.
 * Paho would check the address it connects to, which is {@code parentAddress} when that is set.
 */
final class ParentHostnameVerifier implements HostnameVerifier {

    private static final int DNS_NAME = 2;

    private final String parentHostname;

    ParentHostnameVerifier(String parentHostname) {
        this.parentHostname = parentHostname.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean verify(String address, SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate certificate
                    && names(certificate).stream().anyMatch(this::matches);
        } catch (SSLPeerUnverifiedException | CertificateParsingException e) {
            return false;
        }
    }

    /** The DNS names of the subject alternative names; the common name only when there are none. */
    private static List<String> names(X509Certificate certificate) throws CertificateParsingException {
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        if (alternatives != null) {
            List<String> dns = alternatives.stream().filter(name -> Integer.valueOf(DNS_NAME).equals(name.get(0)))
                    .map(name -> String.valueOf(name.get(1))).toList();
            if (!dns.isEmpty()) {
                return dns;
            }
        }
        String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        return List.of(subject.replaceAll("(?i)^(?:.*,)?CN=([^,]*).*$", "$1"));
    }

    private boolean matches(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("*.")) {
            int dot = parentHostname.indexOf('.');
            return dot > 0 && parentHostname.substring(dot).equals(lower.substring(1));
        }
        return lower.equals(parentHostname);
    }
}
