package io.strata.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens MQTT 3.1.1 connections over TLS (trusting the CA certificates of one PEM file) to one broker,
 * all served by a few event-loop threads: many connections cost no thread each.
 */
final class MqttTransport implements AutoCloseable {

    private static final int MAX_PACKET_BYTES = 1 << 20;

    private final String host;
    private final int port;
    private final SslContext tls;
    private final EventLoopGroup loops;

    /** @param uri {@code ssl://host:port} */
    MqttTransport(String uri, Path caFile, int threads) throws Exception {
        URI parsed = URI.create(uri);
        host = parsed.getHost();
        port = parsed.getPort();
        tls = SslContextBuilder.forClient().trustManager(caFile.toFile()).build();
        loops = new NioEventLoopGroup(threads);
    }

    /** Connects with a clean session; completes once the broker accepted the CONNECT. */
    CompletableFuture<MqttConnection> connect(String clientId, String username, String password) {
        CompletableFuture<MqttConnection> connected = new CompletableFuture<>();
        new Bootstrap().group(loops).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(tls.newHandler(channel.alloc(), host, port),
                                new MqttDecoder(MAX_PACKET_BYTES), MqttEncoder.INSTANCE,
                                new MqttConnection(clientId, username, password, connected));
                    }
                })
                .connect(host, port).addListener(future -> {
                    if (!future.isSuccess()) {
                        connected.completeExceptionally(future.cause());
                    }
                });
        return connected;
    }

    static void closeAll(Iterable<MqttConnection> connections) {
        for (MqttConnection connection : connections) {
            connection.close();
        }
    }

    @Override
    public void close() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
