package io.strata.metrics.internal;

import io.strata.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(pid = HealthReporter.PID, name = "Strata metrics",
        description = "The node's health sent up the tree")
@interface MetricsConfig {

    @AttributeDefinition(description = "Seconds between two health reports this node sends up its tree as "
            + "messages of module $edgeMetrics through $upstream routes; 0 turns them off", min = "0")
    @Range(min = 0)
    int upstreamIntervalSeconds() default 60;
}
