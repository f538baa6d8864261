package io.strata.identity.internal;

import java.time.Duration;

/**
 * How far a token's expiry may lie from now: {@code clockSkew} into the past, at most
 * {@code maxLifetime} plus {@code clockSkew} into the future.
 */
record TokenLimits(Duration clockSkew, Duration maxLifetime) {

    static TokenLimits of(IdentityConfig config) {
        return new TokenLimits(Duration.ofSeconds(config.clockSkewSeconds()),
                Duration.ofSeconds(config.maxTokenLifetimeSeconds()));
    }
}
