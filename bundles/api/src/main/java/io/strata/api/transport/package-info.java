/**
 * Protocols carried inside another connection: the API proxy's WebSocket listener hands each
 * client's byte stream to the {@link io.strata.api.transport.TunnelledProtocol} registered for the
 * WebSocket subprotocol the client asked for (MQTT, AMQP).
 */
@Export
@Version("1.0.0")
package io.strata.api.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
