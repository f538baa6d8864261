package io.strata.certs.internal;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import io.strata.api.certs.IssuedCertificate;

/**
 * The CAs a node works with: the trust bundle shared by the hierarchy and the node's own device CA.
 *
 * @param trustBundle the root CA and intermediates children and parents trust
 * @param deviceCa the device CA with its issuers, completed from the trust bundle up to the root
 * @param development whether the node generated this chain itself because none was configured
 */
record NodeChain(List<X509Certificate> trustBundle, IssuedCertificate deviceCa, boolean development) {

    NodeChain {
        trustBundle = List.copyOf(trustBundle);
        deviceCa = new IssuedCertificate(completeChain(deviceCa.chain(), trustBundle), deviceCa.privateKey());
    }

    /**
     * The chain extended by its issuers from the trust bundle: a device CA file often holds the
     * device CA alone, yet children that trust only the root need the intermediates in between.
     */
    private static List<X509Certificate> completeChain(List<X509Certificate> chain, List<X509Certificate> trustBundle) {
        List<X509Certificate> complete = new ArrayList<>(chain);
        // A root is its own issuer, which ends the walk.
        X509Certificate issuer = issuerOf(complete.get(complete.size() - 1), trustBundle);
        while (issuer != null && !complete.contains(issuer)) {
            complete.add(issuer);
            issuer = issuerOf(issuer, trustBundle);
        }
        return complete;
    }

    private static X509Certificate issuerOf(X509Certificate certificate, List<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                    && signedBy(certificate, candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
