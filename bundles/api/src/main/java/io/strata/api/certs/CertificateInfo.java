package io.strata.api.certs;

import java.time.Instant;

/** A certificate as the store shows it: who it names, who signed it, until when, and what for. */
public record CertificateInfo(CertificateRole role, String subject, String issuer, Instant notAfter,
        String sha1Thumbprint, String sha256Thumbprint) {
}
