package io.strata.api.certs;

import java.time.Duration;
import java.util.List;

/**
 * What a new certificate should be: its role decides the extensions (basic constraints, key usage,
 * extended key usage), the common name becomes its subject.
 *
 * @param role what the certificate is for; {@link CertificateRole#ROOT_CA} makes it self-signed
 * @param commonName the subject's CN: a CA's name, a device id or the node's hostname; at most 64 characters
 * @param validity how long it is valid from now
 * @param keyAlgorithm the key pair generated for it
 * @param dnsNames subject alternative DNS names, for server certificates
 * @param ipAddresses subject alternative IP addresses (literals), for server certificates
 */
public record CertificateRequest(CertificateRole role, String commonName, Duration validity, KeyAlgorithm keyAlgorithm,
        List<String> dnsNames, List<String> ipAddresses) {

    /** The longest common name X.509 allows (RFC 5280, ub-common-name). */
    public static final int MAX_COMMON_NAME_LENGTH = 64;

    /** Checks the request and copies its lists. */
    public CertificateRequest {
        if (role == null || commonName == null || validity == null || keyAlgorithm == null) {
            throw new IllegalArgumentException("role, common name, validity and key algorithm are required");
        }
        if (commonName.isBlank() || commonName.length() > MAX_COMMON_NAME_LENGTH) {
            throw new IllegalArgumentException("The common name '" + commonName + "' is " + commonName.length()
                    + " characters long; a certificate allows 1 to " + MAX_COMMON_NAME_LENGTH);
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("The validity must be positive, not " + validity);
        }
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    /** A request without subject alternative names, as CA and identity certificates have. */
    public static CertificateRequest of(CertificateRole role, String commonName, Duration validity,
            KeyAlgorithm keyAlgorithm) {
        return new CertificateRequest(role, commonName, validity, keyAlgorithm, List.of(), List.of());
    }
}
