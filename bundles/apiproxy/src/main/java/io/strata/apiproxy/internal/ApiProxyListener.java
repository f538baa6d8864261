package io.strata.apiproxy.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.strata.api.certs.TlsProtocols;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The HTTPS listener: TLS (a client certificate asked for but optional, as on the MQTT and AMQP
 * ports), then HTTP/1.1 by path ({@link RequestDispatcher}): the WebSocket upgrade on
 * {@link #WEBSOCKET_PATH}, where IoT Hub and IoT Edge serve MQTT and AMQP alike, local services,
 * and the parent's proxy.
 */
final class ApiProxyListener implements AutoCloseable {

    static final String WEBSOCKET_PATH = "/$iothub/websocket";

    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup(2);
    /**
     * A local exchange holds its thread while its bodies stream, so the threads are bounded: a client that opens
     * more at once gets 503 instead of growing the node's threads without limit.
     */
    static final int MAX_LOCAL_EXCHANGES = 64;

    private final ExecutorService localServiceThreads = new ThreadPoolExecutor(0, MAX_LOCAL_EXCHANGES, 60,
            TimeUnit.SECONDS, new SynchronousQueue<>(), new Named());
    private final Channel server;

    /**
     * Listens on {@code bindAddress:port} (port 0: any free one, see {@link #port()}).
     *
     * @throws IllegalStateException naming the address when it cannot listen there
     */
    ApiProxyListener(String bindAddress, int port, SSLContext tls, ProxySettings settings) {
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
                            channel.pipeline().addLast(ssl, new HttpServerCodec(), OriginFormUris.INSTANCE,
                                    new IdleStateHandler(0, 0, settings.idleTimeoutSeconds()),
                                    new RequestDispatcher(settings, localServiceThreads));
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
        localServiceThreads.shutdownNow();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Threads named after the proxy, for thread dumps. */
    private static final class Named implements ThreadFactory {

        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "strata-apiproxy-local-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
