package io.strata.testing;

import io.strata.api.identity.IdentityId;
import java.time.Instant;

/** Signs a SAS token for an identity of a hub, as the code under test signs and checks them. */
@FunctionalInterface
public interface SasSigner {

    String sign(String hostname, IdentityId id, String key, Instant expiry);
}
