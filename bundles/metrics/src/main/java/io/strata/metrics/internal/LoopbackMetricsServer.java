package io.strata.metrics.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code /metrics} on plain HTTP on the loopback interface only, for a Prometheus agent on the same
 * machine, as IoT Edge's port 9600. Netty, which the node already runs, with one thread: a scrape is
 * small and rare.
 */
final class LoopbackMetricsServer implements AutoCloseable {

    private static final int MAX_REQUEST_BYTES = 8192;

    private final EventLoopGroup group;
    private final Channel channel;

    private LoopbackMetricsServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * @param port 0 for any free port
     * @throws IOException when the port cannot be bound, naming it
     */
    static LoopbackMetricsServer start(int port, PrometheusScrapeHandler scrape) throws IOException {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel connection) {
                            connection.pipeline().addLast(new HttpServerCodec(),
                                    new HttpObjectAggregator(MAX_REQUEST_BYTES), new ScrapeHandler(scrape));
                        }
                    }).bind(InetAddress.getLoopbackAddress(), port).sync().channel();
            return new LoopbackMetricsServer(group, channel);
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("cannot listen on " + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers one request per connection: the scrape, or 404 for any other path. */
    private static final class ScrapeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final PrometheusScrapeHandler scrape;

        ScrapeHandler(PrometheusScrapeHandler scrape) {
            this.scrape = scrape;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) throws IOException {
            BufferedResponse response = new BufferedResponse();
            if (new QueryStringDecoder(request.uri()).path().equals(MetricsComponent.PATH)) {
                scrape.handleRequest(new ScrapeExchange(request.method().name(), request.uri(), name -> {
                    List<String> values = request.headers().getAll(name);
                    return values.isEmpty() ? null : values;
                }, response));
            } else {
                response.respond(404, Map.of("Content-Type", "text/plain; charset=utf-8"), -1)
                        .write(("Only " + MetricsComponent.PATH + " is served here\n").getBytes(StandardCharsets.UTF_8));
            }
            context.writeAndFlush(response.toNetty()).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The scrape handler's response, kept whole: a scrape is a few kilobytes. */
    private static final class BufferedResponse implements ScrapeExchange.Responder {

        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status = 500;
        private Map<String, String> headers = Map.of();

        @Override
        public OutputStream respond(int status, Map<String, String> headers, long contentLength) {
            this.status = status;
            this.headers = Map.copyOf(headers);
            return body;
        }

        FullHttpResponse toNetty() {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body.toByteArray()));
            headers.forEach(response.headers()::set);
            HttpUtil.setContentLength(response, body.size());
            return response;
        }
    }
}
