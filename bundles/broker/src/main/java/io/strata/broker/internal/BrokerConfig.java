package io.strata.broker.internal;

import io.strata.api.config.Range;
import io.strata.broker.internal.moquette.BrokerSettings;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The configuration {@code etc/io.strata.broker.cfg}. Its metatype names the PID here instead of
 * through {@code @Designate}, which bnd refuses for a component that also reads the node's PID.
 */
@ObjectClassDefinition(pid = BrokerComponent.PID, name = "Strata MQTT broker",
        description = "The edge hub's MQTT listeners")
public @interface BrokerConfig {

    @AttributeDefinition(description = "Port of the MQTT over TLS listener")
    @Range(min = 1, max = 65535)
    int tlsPort() default 8883;

    @AttributeDefinition(description = "Address the TLS listener binds to; 0.0.0.0 for every interface")
    String bindAddress() default "0.0.0.0";

    @AttributeDefinition(description = "Whether to open the plain MQTT listener on the loopback interface, for development")
    boolean plainListenerEnabled() default false;

    @AttributeDefinition(description = "Port of the plain MQTT listener (loopback only)")
    @Range(min = 1, max = 65535)
    int plainPort() default 1883;

    @AttributeDefinition(description = "Largest message body accepted, in bytes (IoT Hub allows 256 KB)")
    @Range(min = 1, max = Integer.MAX_VALUE - BrokerSettings.PUBLISH_HEADER_BYTES)
    int maxMessageBytes() default 256 * 1024;

    @AttributeDefinition(description = "Where sessions and queues are kept; empty: ${karaf.data}/strata/broker")
    String dataDirectory() default "";

    @AttributeDefinition(description = "Seconds a new connection has, from its accept, to complete the TLS"
            + " handshake and an accepted CONNECT")
    @Range(min = 1)
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(description = "How many connections may be connecting at once (TLS handshake and"
            + " CONNECT not yet accepted); one more is closed at its accept")
    @Range(min = 1)
    int maxUnauthenticatedConnections() default 1000;
}
