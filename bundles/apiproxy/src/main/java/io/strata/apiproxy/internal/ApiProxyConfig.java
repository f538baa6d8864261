package io.strata.apiproxy.internal;

import io.strata.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration {@code etc/io.strata.apiproxy.cfg}. */
@ObjectClassDefinition(pid = ApiProxyComponent.PID, name = "Strata API proxy",
        description = "The node's HTTPS port: MQTT and AMQP over WebSockets on /$iothub/websocket")
@interface ApiProxyConfig {

    @AttributeDefinition(description = "Whether to open the HTTPS port")
    boolean enabled() default true;

    @AttributeDefinition(description = "Port of the HTTPS listener (the Azure IoT SDKs' MQTT_WS and AMQPS_WS dial 443)")
    @Range(min = 1, max = 65535)
    int port() default 443;

    @AttributeDefinition(description = "Address the listener binds to; 0.0.0.0 for every interface")
    String bindAddress() default "0.0.0.0";
}
