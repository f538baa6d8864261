package io.strata.certs.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** Certificate thumbprints as Azure shows them: a digest of the DER encoding in upper-case hex. */
final class Thumbprints {

    private static final HexFormat UPPER_CASE_HEX = HexFormat.of().withUpperCase();

    private Thumbprints() {
    }

    static String sha1(X509Certificate certificate) {
        return digest("SHA-1", certificate);
    }

    static String sha256(X509Certificate certificate) {
        return digest("SHA-256", certificate);
    }

    private static String digest(String algorithm, X509Certificate certificate) {
        try {
            return UPPER_CASE_HEX.formatHex(MessageDigest.getInstance(algorithm).digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            // Every JDK has SHA-1 and SHA-256, and a parsed certificate always has its encoding.
            throw new IllegalStateException(e);
        }
    }
}
