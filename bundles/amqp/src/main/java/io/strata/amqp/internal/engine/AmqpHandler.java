package io.strata.amqp.internal.engine;

import org.apache.qpid.proton.engine.BaseHandler;

/**
 * What one AMQP connection does: the proton events of its {@link AmqpConnection} are dispatched
 * here ({@code onLinkRemoteOpen}, {@code onDelivery}, ...), always on the connection's event loop.
 * One handler serves one connection.
 */
public abstract class AmqpHandler extends BaseHandler {

    /**
     * Called on the event loop once the TLS handshake succeeded, before any AMQP byte is read:
     * configure SASL on {@code connection.transport()} here and, for a client, open
     * {@code connection.connection()}.
     */
    public abstract void onStart(AmqpConnection connection);

    /**
     * Called once on the event loop when the socket is gone, after the last proton event.
     *
     * @param cause why, or null after an orderly close
     */
    public void onStop(AmqpConnection connection, Throwable cause) {
    }
}
