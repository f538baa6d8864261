package io.strata.amqp.internal.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Opens AMQP over TLS connections, each driven by its own {@link AmqpConnection}. One client (one
 * event loop thread) can hold many connections; reconnecting is calling {@link #connect} again.
 */
public final class AmqpClient implements AutoCloseable {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final EventLoopGroup group = NettyTransport.eventLoops(1);

    /**
     * Connects to {@code address:port} and checks the server's certificate against
     * {@code serverName} (endpoint identification HTTPS, and SNI when it is a DNS name).
     *
     * @param tls     the client's TLS context: its trust decides the server, its key (if any) is the
     *                client certificate for SASL EXTERNAL
     * @param handler the new connection's handler; its {@code onStart} configures SASL and opens
     * @return completes with the connection once TLS is up, or fails with the socket or TLS error
     */
    public CompletableFuture<AmqpConnection> connect(String address, int port, SSLContext tls, String serverName,
            AmqpHandler handler) {
        CompletableFuture<AmqpConnection> result = new CompletableFuture<>();
        ChannelFuture connecting = new Bootstrap().group(group).channel(NettyTransport.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        SSLEngine engine = tls.createSSLEngine(serverName, port);
                        engine.setUseClientMode(true);
                        SSLParameters parameters = engine.getSSLParameters();
                        parameters.setEndpointIdentificationAlgorithm("HTTPS");
                        if (!IP_LITERAL.matcher(serverName).matches()) {
                            parameters.setServerNames(List.of(new SNIHostName(serverName)));
                        }
                        engine.setSSLParameters(parameters);
                        TlsChannels.install(channel, engine, new AmqpConnection(channel, handler)).whenComplete((connection, failure) -> {
                            if (failure != null) {
                                result.completeExceptionally(failure);
                            } else {
                                result.complete(connection);
                            }
                        });
                    }
                })
                .connect(address, port);
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                result.completeExceptionally(done.cause());
            }
        });
        return result;
    }

    /** Drops every connection and stops the event loop. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
