package io.strata.api.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate with its private key and the issuers that vouch for it.
 *
 * @param chain the certificate first, then its issuers in order, up to the root when known
 * @param privateKey the key the certificate's public key belongs to
 */
public record IssuedCertificate(List<X509Certificate> chain, PrivateKey privateKey) {

    /** Copies the chain, which must not be empty. */
    public IssuedCertificate {
        if (chain.isEmpty() || privateKey == null) {
            throw new IllegalArgumentException("A certificate chain and its private key are required");
        }
        chain = List.copyOf(chain);
    }

    /** The certificate itself, first in the chain. */
    public X509Certificate certificate() {
        return chain.get(0);
    }
}
