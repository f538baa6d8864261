package io.strata.edgehub.internal;

import io.strata.api.node.NodeSettings;

/**
 * The keys of {@link NodeSettings#PID} this bundle reads, as a DS component property type. It has
 * no metatype of its own: the node settings describe themselves.
 */
public @interface NodeConfig {

    String hostname() default "";

    String deviceId() default "";
}
