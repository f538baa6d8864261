package io.strata.amqp.internal.engine;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.strata.api.certs.TlsProtocols;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLEngine;

/** Puts TLS and the proton engine into a new channel's pipeline, for servers and clients alike. */
final class TlsChannels {

    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private TlsChannels() {
    }

    static CompletableFuture<AmqpConnection> install(Channel channel, SSLEngine engine, AmqpConnection connection) {
        engine.setEnabledProtocols(TlsProtocols.enabled());
        SslHandler ssl = new SslHandler(engine);
        ssl.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
        CompletableFuture<AmqpConnection> ready = new CompletableFuture<>();
        AmqpConnection.ChannelBridge bridge = connection.new ChannelBridge(ready);
        channel.pipeline().addLast("tls", ssl).addLast("amqp", bridge);
        ssl.handshakeFuture().addListener(done -> {
            if (done.isSuccess()) {
                bridge.handshaken();
            } else {
                bridge.handshakeFailed(done.cause());
            }
        });
        return ready;
    }
}
