package io.strata.amqp.internal.server;

import io.strata.api.identity.IdentityId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The identities authenticated on one connection and until when: a SAS token's expiry, or never for
 * a client certificate. Used on the connection's event loop only.
 */
final class ConnectionIdentities {

    private final Map<IdentityId, Instant> identities = new LinkedHashMap<>();

    /** Adds or renews an identity; {@code expiry} null: it does not expire (certificate). */
    void add(IdentityId id, Instant expiry) {
        identities.put(id, expiry == null ? Instant.MAX : expiry);
    }

    boolean isAuthenticated(IdentityId id, Instant now) {
        Instant expiry = identities.get(id);
        return expiry != null && now.isBefore(expiry);
    }

    /** The identities still valid at {@code now}. */
    List<IdentityId> valid(Instant now) {
        List<IdentityId> valid = new ArrayList<>();
        identities.forEach((id, expiry) -> {
            if (now.isBefore(expiry)) {
                valid.add(id);
            }
        });
        return valid;
    }

    /** Removes and returns the identities whose token expired by {@code now}. */
    List<IdentityId> removeExpired(Instant now) {
        List<IdentityId> expired = new ArrayList<>();
        identities.entrySet().removeIf(entry -> {
            if (!now.isBefore(entry.getValue())) {
                expired.add(entry.getKey());
                return true;
            }
            return false;
        });
        return expired;
    }

    Set<IdentityId> all() {
        return Set.copyOf(identities.keySet());
    }

    boolean isEmpty() {
        return identities.isEmpty();
    }
}
