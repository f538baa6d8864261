package io.strata.routing.internal.runtime;

import io.strata.api.config.Range;
import io.strata.routing.internal.store.FullPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(pid = RoutingComponent.PID, name = "Strata routing",
        description = "The edge hub's durable store-and-forward queues; the routes come from the $edgeHub desired properties")
public @interface RoutingConfig {

    @AttributeDefinition(description = "Folder of the message store; empty means data/strata/routing")
    String storeDirectory() default "";

    @AttributeDefinition(description = "Most bytes of queued messages the store holds")
    @Range(min = 1)
    long maxStoreBytes() default 1024L * 1024 * 1024;

    @AttributeDefinition(description = "What a full store does: REFUSE_NEW (senders get no acknowledgement and retry) "
            + "or DROP_OLDEST (the oldest messages of the lowest priority make room)")
    FullPolicy fullPolicy() default FullPolicy.REFUSE_NEW;

    @AttributeDefinition(description = "Seconds a message waits for delivery when neither its route nor "
            + "storeAndForwardConfiguration says otherwise")
    @Range(min = 1)
    long defaultTimeToLiveSecs() default 7200;
}
