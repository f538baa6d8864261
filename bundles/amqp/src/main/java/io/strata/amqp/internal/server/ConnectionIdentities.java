package io.strata.amqp.internal.server;

import io.strata.api.identity.AuthenticationResult;
import io.strata.api.identity.Authenticator;
import io.strata.api.identity.IdentityId;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The identities authenticated on one connection, what proved each (to check again when identities
 * change) and until when: a SAS token's expiry, a certificate's end of validity. Used on the
 * connection's event loop only.
 */
final class ConnectionIdentities {

    /** What proved an identity: a SAS token, or else a client certificate chain. */
    record Proof(String token, List<X509Certificate> chain) {

        static Proof token(String token) {
            return new Proof(token, null);
        }

        static Proof certificate(List<X509Certificate> chain) {
            return new Proof(null, chain);
        }

        AuthenticationResult check(Authenticator authenticator, IdentityId id) {
            return token != null ? authenticator.authenticateToken(id, token)
                    : authenticator.authenticateCertificate(id, chain);
        }
    }

    private record Entry(Instant expiry, Proof proof) {
    }

    private final Map<IdentityId, Entry> identities = new LinkedHashMap<>();

    /** Adds or renews an identity; {@code expiry} null: its credential names no end. */
    void add(IdentityId id, Instant expiry, Proof proof) {
        identities.put(id, new Entry(expiry == null ? Instant.MAX : expiry, proof));
    }

    void remove(IdentityId id) {
        identities.remove(id);
    }

    boolean isAuthenticated(IdentityId id, Instant now) {
        Entry entry = identities.get(id);
        return entry != null && now.isBefore(entry.expiry());
    }

    /** The identities still valid at {@code now}. */
    List<IdentityId> valid(Instant now) {
        List<IdentityId> valid = new ArrayList<>();
        identities.forEach((id, entry) -> {
            if (now.isBefore(entry.expiry())) {
                valid.add(id);
            }
        });
        return valid;
    }

    /** The identities whose credential expired by {@code now}. */
    List<IdentityId> expired(Instant now) {
        return identities.entrySet().stream().filter(entry -> !now.isBefore(entry.getValue().expiry()))
                .map(Map.Entry::getKey).toList();
    }

    /** What proved each identity. */
    Map<IdentityId, Proof> proofs() {
        Map<IdentityId, Proof> proofs = new LinkedHashMap<>();
        identities.forEach((id, entry) -> proofs.put(id, entry.proof()));
        return proofs;
    }

    Set<IdentityId> all() {
        return Set.copyOf(identities.keySet());
    }

    boolean isEmpty() {
        return identities.isEmpty();
    }
}
