package io.strata.upstream.internal;

import io.strata.api.node.NodeSettings;

/**
 * The keys of {@link NodeSettings#PID} the upstream link reads, as a DS component property type. It
 * has no metatype of its own: {@code etc/io.strata.node.cfg} documents the node settings.
 */
@interface UpstreamConfig {

    String hostname() default "";

    String deviceId() default "";

    String parentHostname() default "";

    String parentAddress() default "";

    // text, so that an empty value means the protocol's default port
    String parentPort() default "";

    String upstreamProtocol() default "";

    String upstreamSharedAccessKey() default "";

    String upstreamCertificate() default "";

    String upstreamPrivateKey() default "";

    String upstreamPrivateKeyPassword() default "";
}
