package io.strata.api.transport;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A protocol listener that also takes connections tunnelled through another listener (MQTT and
 * AMQP over WebSockets on the API proxy's port), once that listener has done TLS and its own
 * framing. The connection is then authenticated and authorized exactly as on the protocol's own
 * TLS port.
 */
@ConsumerType
public interface TunnelledProtocol {

    /** Service property: the WebSocket subprotocol this protocol answers to ({@code mqtt}, {@code AMQPWSB10}). */
    String SUBPROTOCOL = "strata.subprotocol";

    /**
     * Opens a connection for a client.
     *
     * @param peer     who the client is
     * @param toClient where the protocol writes what it sends the client; closing it ends the connection
     * @return where the outer listener writes what the client sends
     * @throws IOException when the protocol takes no connection now
     */
    ByteStream open(TunnelPeer peer, ByteStream toClient) throws IOException;
}
