package io.strata.upstream.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.identity.SasToken;
import io.strata.api.node.ParentToken;
import java.time.Clock;
import java.time.Duration;

/**
 * This node's SAS tokens for its parent: resource {@code {parentHostname}/devices/{deviceId}}, signed
 * with {@code .upstreamSharedAccessKey}, each valid for {@link #LIFETIME} and put again on the open
 * connection well before it runs out.
 */
final class UpstreamToken implements ParentToken {

    static final Duration LIFETIME = Duration.ofHours(1);

    private final String audience;
    private final String key;
    private final Duration lifetime;
    private final Clock clock;

    UpstreamToken(UpstreamSettings settings, Duration lifetime, Clock clock) {
        this.audience = SasToken.resource(settings.parentHostname(), IdentityId.device(settings.deviceId()));
        this.key = settings.sharedAccessKey();
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public String audience() {
        return audience;
    }

    @Override
    public String create() {
        return SasToken.create(audience, key, clock.instant().plus(lifetime));
    }

    /** At four fifths of the lifetime, leaving room for a slow parent. */
    @Override
    public Duration renewAfter() {
        return lifetime.multipliedBy(4).dividedBy(5);
    }
}
