package io.strata.amqp.internal.upstream;

import io.strata.amqp.internal.protocol.SasTokens;
import io.strata.api.identity.IdentityId;
import java.time.Clock;
import java.time.Duration;

/**
 * This node's SAS tokens for its parent: resource {@code {parentHostname}/devices/{deviceId}}, signed
 * with {@code upstreamSharedAccessKey}, each valid for {@link #LIFETIME} and put again on the open
 * connection well before it runs out.
 */
final class UpstreamToken {

    static final Duration LIFETIME = Duration.ofHours(1);

    private final String audience;
    private final String key;
    private final Duration lifetime;
    private final Clock clock;

    UpstreamToken(UpstreamSettings settings, Duration lifetime, Clock clock) {
        this.audience = SasTokens.resource(settings.parentHostname(), IdentityId.device(settings.deviceId()));
        this.key = settings.sharedAccessKey();
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** The CBS {@code name} the token is for. */
    String audience() {
        return audience;
    }

    /** A fresh token. */
    String create() {
        return SasTokens.create(audience, key, clock.instant().plus(lifetime));
    }

    /** How long after a put-token to put a new one: at four fifths of the lifetime, leaving room for a slow parent. */
    Duration renewAfter() {
        return lifetime.multipliedBy(4).dividedBy(5);
    }
}
