package io.strata.apiproxy.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslHandler;
import io.strata.api.certs.TlsProtocols;
import io.strata.api.transport.TunnelledProtocol;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The HTTPS listener: TLS (a client certificate asked for but optional, as on the MQTT and AMQP
 * ports), then the WebSocket upgrade on {@link #PATH}, where IoT Hub and IoT Edge serve MQTT and AMQP
 * alike; the subprotocol the client asks for picks the protocol ({@link TunnelHandler}).
 */
final class WebSocketListener implements AutoCloseable {

    static final String PATH = "/$iothub/websocket";

    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** Larger than any MQTT packet or AMQP frame the edge hub accepts (messages up to 256 KB and headers). */
    private static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;

    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup(2);
    private final Channel server;

    /**
     * Listens on {@code bindAddress:port} (port 0: any free one, see {@link #port()}).
     *
     * @param protocols the protocols by subprotocol, as they come and go
     * @throws IllegalStateException naming the address when it cannot listen there
     */
    WebSocketListener(String bindAddress, int port, SSLContext tls, Map<String, TunnelledProtocol> protocols) {
        try {
            server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            SSLEngine engine = tls.createSSLEngine();
                            engine.setUseClientMode(false);
                            engine.setWantClientAuth(true);
                            engine.setEnabledProtocols(TlsProtocols.enabled());
                            SslHandler ssl = new SslHandler(engine);
                            ssl.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
                            channel.pipeline().addLast(ssl, new HttpServerCodec(),
                                    new HttpObjectAggregator(MAX_REQUEST_BYTES), OriginFormUris.INSTANCE,
                                    new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                            .websocketPath(PATH)
                                            .checkStartsWith(true)
                                            .subprotocols(String.join(",", protocols.keySet()))
                                            .maxFramePayloadLength(MAX_FRAME_BYTES)
                                            .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                                            .build()),
                                    new TunnelHandler(protocols));
                        }
                    })
                    .bind(new InetSocketAddress(bindAddress, port)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdown();
            throw new IllegalStateException("Cannot listen for HTTPS on " + bindAddress + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Stops listening and drops every connection. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        shutdown();
    }

    private void shutdown() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
