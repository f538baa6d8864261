package io.strata.amqp.internal.server;

import io.strata.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The configuration {@code etc/io.strata.amqp.cfg}. Its metatype names the PID here instead of
 * through {@code @Designate}, which bnd refuses for a component that also reads the node's PID.
 */
@ObjectClassDefinition(pid = AmqpComponent.PID, name = "Strata AMQP listener",
        description = "The edge hub's AMQP 1.0 over TLS listener for devices, modules and child nodes")
@interface AmqpConfig {

    @AttributeDefinition(description = "Whether to open the AMQP listener")
    boolean enabled() default true;

    @AttributeDefinition(description = "Port of the AMQP over TLS listener")
    @Range(min = 1, max = 65535)
    int port() default 5671;

    @AttributeDefinition(description = "Address the listener binds to; 0.0.0.0 for every interface")
    String bindAddress() default "0.0.0.0";

    @AttributeDefinition(description = "Largest message body accepted, in bytes (IoT Hub allows 256 KB)")
    @Range(min = 1)
    int maxMessageBytes() default 256 * 1024;

    @AttributeDefinition(description = "Seconds a connection has to authenticate (TLS handshake, SASL and any CBS"
            + " put-token) before it is closed")
    @Range(min = 1)
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(description = "How many connections may be open at once without having authenticated;"
            + " further ones are closed at once")
    @Range(min = 1)
    int maxUnauthenticatedConnections() default 1000;
}
