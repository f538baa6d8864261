package io.strata.amqp.internal.engine;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AMQP over TLS listener: every accepted socket gets TLS (a client certificate asked for but
 * optional) and its own {@link AmqpConnection} with a fresh handler from the supplier. Until its
 * handler calls {@link AmqpConnection#authenticated()}, a connection counts against the
 * {@link ConnectLimits}: beyond the bound it is closed on accept, and it ends at the timeout.
 */
public final class AmqpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpServer.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel listener;

    private AmqpServer(EventLoopGroup boss, EventLoopGroup workers, Channel listener) {
        this.boss = boss;
        this.workers = workers;
        this.listener = listener;
    }

    /**
     * Listens on {@code host:port} (port 0: any free port, see {@link #port()}).
     *
     * @param tls      the server's TLS context; each connection gets a new engine from it
     * @param handlers makes the handler of each new connection
     * @throws IllegalStateException naming the address when it cannot listen there
     */
    public static AmqpServer start(String host, int port, SSLContext tls, ConnectLimits limits,
            Supplier<AmqpHandler> handlers) {
        AtomicInteger unauthenticated = new AtomicInteger();
        AtomicBoolean full = new AtomicBoolean();
        EventLoopGroup boss = NettyTransport.eventLoops(1);
        EventLoopGroup workers = NettyTransport.eventLoops(Math.max(2, Runtime.getRuntime().availableProcessors()));
        try {
            Channel listener = new ServerBootstrap().group(boss, workers).channel(NettyTransport.serverChannel())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            if (unauthenticated.incrementAndGet() > limits.maxUnauthenticated()) {
                                unauthenticated.decrementAndGet();
                                if (full.compareAndSet(false, true)) {
                                    LOG.warn("{} AMQP connections on {} have not authenticated yet, the bound"
                                            + " (maxUnauthenticatedConnections): further ones are closed until some"
                                            + " authenticate or time out", limits.maxUnauthenticated(), channel.localAddress());
                                }
                                channel.close();
                                return;
                            }
                            SSLEngine engine = tls.createSSLEngine();
                            engine.setUseClientMode(false);
                            engine.setWantClientAuth(true);
                            AmqpConnection connection = new AmqpConnection(channel, handlers.get());
                            connection.requireAuthenticationWithin(limits.timeout(), () -> {
                                if (unauthenticated.decrementAndGet() < limits.maxUnauthenticated()) {
                                    full.set(false);
                                }
                            });
                            TlsChannels.install(channel, engine, connection).whenComplete((ready, failure) -> {
                                if (failure != null) {
                                    LOG.debug("TLS handshake with {} failed: {}", channel.remoteAddress(),
                                            failure.getMessage());
                                }
                            });
                        }
                    })
                    .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
            return new AmqpServer(boss, workers, listener);
        } catch (RuntimeException e) {
            boss.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
            throw new IllegalStateException("Cannot listen for AMQP on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Stops listening and drops every connection. */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
