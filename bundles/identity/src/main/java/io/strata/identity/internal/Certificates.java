package io.strata.identity.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** What identity checks read from a client certificate. */
final class Certificates {

    private Certificates() {
    }

    /** The SHA-1 and SHA-256 thumbprints of the certificate, in lower-case hex. */
    static Set<String> thumbprints(X509Certificate certificate) {
        try {
            byte[] encoded = certificate.getEncoded();
            return Set.of(hex("SHA-1", encoded), hex("SHA-256", encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot compute the thumbprints of " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** The common name of the certificate's subject; empty when it has none. */
    static String commonName(X509Certificate certificate) {
        try {
            return new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns()
                    .stream().filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                    .map(Rdn::getValue).map(Object::toString).findFirst().orElse("");
        } catch (InvalidNameException e) {
            return "";
        }
    }

    private static String hex(String algorithm, byte[] encoded) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(encoded));
    }
}
