package io.strata.hub.internal;

import io.strata.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(pid = HubComponent.PID, name = "Strata hub", description = "The event log at the top of the tree")
@interface HubConfig {

    @AttributeDefinition(description = "Hours an event stays in the log", min = "1")
    @Range(min = 1)
    int retentionHours() default 168;

    @AttributeDefinition(description = "Events the log keeps at most; the oldest go first", min = "1")
    @Range(min = 1)
    long maxEvents() default 1_000_000;
}
