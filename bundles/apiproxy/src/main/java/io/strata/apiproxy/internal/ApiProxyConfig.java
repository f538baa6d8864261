package io.strata.apiproxy.internal;

import io.strata.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration {@code etc/io.strata.apiproxy.cfg}. */
@ObjectClassDefinition(pid = ApiProxyComponent.PID, name = "Strata API proxy",
        description = "The node's HTTPS port: MQTT and AMQP over WebSockets on /$iothub/websocket, the paths local "
                + "services serve, and everything else forwarded to the parent's proxy")
@interface ApiProxyConfig {

    @AttributeDefinition(description = "Whether to open the HTTPS port")
    boolean enabled() default true;

    @AttributeDefinition(description = "Port of the HTTPS listener (the Azure IoT SDKs' MQTT_WS and AMQPS_WS dial 443)")
    @Range(min = 1, max = 65535)
    int port() default 443;

    @AttributeDefinition(description = "Address the listener binds to; 0.0.0.0 for every interface")
    String bindAddress() default "0.0.0.0";

    @AttributeDefinition(description = "Path prefixes served by local services, comma-separated; * for every "
            + "prefix a local service registers")
    String localRoutes() default "*";

    @AttributeDefinition(description = "Path prefixes forwarded to the parent's proxy, comma-separated; / for every "
            + "path no local service serves; empty for none")
    String upstreamRoutes() default "/";

    @AttributeDefinition(description = "Port of the parent's API proxy")
    @Range(min = 1, max = 65535)
    int parentProxyPort() default 443;

    @AttributeDefinition(description = "Seconds to wait for the parent's proxy to accept a connection")
    @Range(min = 1, max = 600)
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Seconds a proxied request may pass without a byte either way before it is "
            + "closed")
    @Range(min = 1, max = 86400)
    int idleTimeoutSeconds() default 120;

    @AttributeDefinition(description = "Largest request body accepted, in bytes; a larger one gets 413")
    @Range(min = 0)
    long maxBodyBytes() default 4L * 1024 * 1024 * 1024;
}
