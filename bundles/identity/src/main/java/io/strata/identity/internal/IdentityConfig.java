package io.strata.identity.internal;

import io.strata.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The configuration {@code etc/io.strata.identity.cfg}, read by the registry and the
 * authenticator. The definition designates its PID itself, as a {@code @Designate} on a component
 * that also reads the node settings would need a single PID.
 */
@ObjectClassDefinition(pid = IdentityConfig.PID, name = "Strata identity registry",
        description = "Device and module identities, and how their SAS tokens are checked")
@interface IdentityConfig {

    String PID = "io.strata.identity";

    @AttributeDefinition(description = "YAML (.yaml, .yml) or JSON file of identities merged into the registry "
            + "on start and on every change of this configuration, relative to etc/; empty for none")
    String seedFile() default "";

    @AttributeDefinition(description = "How far, in seconds, a token may be past its expiry and still be "
            + "accepted, for clocks that disagree")
    @Range(min = 0)
    long clockSkewSeconds() default 300;

    @AttributeDefinition(description = "Tokens expiring further ahead than this many seconds (plus the clock "
            + "skew) are refused")
    @Range(min = 1)
    long maxTokenLifetimeSeconds() default 2_592_000;
}
