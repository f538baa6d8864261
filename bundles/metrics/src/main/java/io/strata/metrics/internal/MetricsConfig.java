package io.strata.metrics.internal;

import io.strata.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(pid = MetricsComponent.PID, name = "Strata metrics",
        description = "Prometheus metrics of the node, and its health sent up the tree")
@interface MetricsConfig {

    @AttributeDefinition(description = "A plain HTTP port on the loopback interface only, serving /metrics to a "
            + "Prometheus agent on this machine; 0 turns it off. The API proxy's /metrics (TLS, authenticated) "
            + "is always there", min = "0", max = "65535")
    @Range(min = 0, max = 65535)
    int port() default 0;

    @AttributeDefinition(description = "Seconds between two health reports this node sends up its tree as "
            + "messages of module $edgeMetrics through $upstream routes; 0 turns them off", min = "0")
    @Range(min = 0)
    int upstreamIntervalSeconds() default 60;
}
