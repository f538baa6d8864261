package io.strata.apiproxy.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request forwarded to the parent's proxy on a connection of its own, as this node: the body goes
 * up and the response comes down piece by piece, each side reading only while the other can take
 * more (Netty's autoRead follows the other channel's writability), so memory stays bounded whatever
 * the size. The client's proxy credentials stay here; the parent sees this node's, in
 * {@code Proxy-Authorization}.
 */
final class UpstreamExchange implements Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamExchange.class);

    /**
     * Hop-by-hop headers (RFC 9110, 7.6.1), among them the client's {@code Proxy-Authorization}, which are not
     * forwarded. An {@code Authorization} goes on unless it is the client's SAS token: another scheme (a blob
     * client's {@code SharedKey}) is for the service upstream, which checks it against the headers it signed,
     * and those pass unchanged.
     */
    private static final List<CharSequence> NOT_FORWARDED = List.of(HttpHeaderNames.CONNECTION,
            HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION,
            HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE);

    private final ChannelHandlerContext client;
    private final HttpRequest request;
    private final ParentProxy parent;
    private final ProxySettings settings;
    private final Exchange.Ended ended;
    private final boolean keepAlive;
    private final Queue<HttpContent> waitingForParent = new ArrayDeque<>();
    private Channel upstream;
    private boolean requestEnded;
    private boolean responseStarted;
    private boolean responseEnded;
    private boolean finished;

    UpstreamExchange(ChannelHandlerContext client, HttpRequest request, ParentProxy parent, ProxySettings settings,
            Exchange.Ended ended) {
        this.client = client;
        this.request = request;
        this.parent = parent;
        this.settings = settings;
        this.ended = ended;
        this.keepAlive = HttpUtil.isKeepAlive(request);
    }

    void start() {
        client.channel().config().setAutoRead(false);
        new Bootstrap().group(client.channel().eventLoop()).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        SslHandler tls = new SslHandler(parent.newEngine());
                        tls.setHandshakeTimeoutMillis(settings.connectTimeoutMillis());
                        channel.pipeline().addLast(tls, new HttpClientCodec(),
                                new IdleStateHandler(0, 0, settings.idleTimeoutSeconds()), new FromParent());
                    }
                })
                .connect(parent.address(), parent.port()).addListener((ChannelFuture connected) -> {
                    if (!connected.isSuccess()) {
                        fail(502, "The parent's proxy " + parent + " cannot be reached: "
                                + connected.cause().getMessage());
                    } else if (finished) {
                        connected.channel().close(); // the client left meanwhile
                    } else {
                        upstream = connected.channel();
                        upstream.write(forwarded());
                        while (!waitingForParent.isEmpty()) {
                            upstream.write(waitingForParent.poll());
                        }
                        upstream.flush();
                        updateClientReading();
                    }
                });
    }

    @Override
    public void content(HttpContent content) {
        requestEnded = content instanceof LastHttpContent;
        if (finished) {
            content.release();
        } else if (upstream == null) {
            waitingForParent.add(content);
        } else {
            upstream.writeAndFlush(content);
            updateClientReading();
        }
    }

    @Override
    public void clientWritabilityChanged() {
        if (upstream != null) {
            upstream.config().setAutoRead(client.channel().isWritable());
        }
    }

    @Override
    public void clientClosed() {
        finish();
        if (upstream != null) {
            upstream.close();
        }
    }

    /** The client's body is read while the parent takes it, and not past its end until the response is complete. */
    private void updateClientReading() {
        client.channel().config().setAutoRead(!requestEnded && upstream != null && upstream.isWritable());
    }

    private HttpRequest forwarded() {
        HttpRequest copy = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                request.headers().copy());
        HttpHeaders headers = copy.headers();
        NOT_FORWARDED.forEach(headers::remove);
        if (ClientAuthentication.isSharedAccessSignature(headers.get(HttpHeaderNames.AUTHORIZATION))) {
            headers.remove(HttpHeaderNames.AUTHORIZATION);
        }
        headers.set(HttpHeaderNames.HOST, parent.hostHeader());
        headers.set(HttpHeaderNames.CONNECTION, "close");
        parent.authorization().ifPresent(token -> headers.set(HttpHeaderNames.PROXY_AUTHORIZATION, token));
        return copy;
    }

    /** Answers the client when nothing of the response went out yet, else cuts the connection short. */
    private void fail(int status, String reason) {
        if (finished) {
            return;
        }
        finish();
        LOG.warn("{} {} from {}: {}", request.method(), request.uri(), client.channel().remoteAddress(), reason);
        if (upstream != null) {
            upstream.close();
        }
        if (responseStarted) {
            client.close();
        } else {
            Responses.sendAndClose(client, request, status, reason);
        }
    }

    private void finish() {
        finished = true;
        while (!waitingForParent.isEmpty()) {
            waitingForParent.poll().release();
        }
    }

    /** The parent's response, passed on to the client as it comes. */
    private final class FromParent extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (finished) {
                ReferenceCountUtil.release(message);
                return;
            }
            if (message instanceof HttpResponse response) {
                responseStarted = true;
                client.write(toClient(response));
            }
            if (message instanceof HttpContent content) {
                boolean last = content instanceof LastHttpContent;
                responseEnded |= last;
                client.writeAndFlush(content).addListener(written -> {
                    if (last && written.isSuccess()) {
                        finish();
                        context.close();
                        ended.exchangeEnded(keepAlive && requestEnded);
                    }
                });
                if (!last && !client.channel().isWritable()) {
                    context.channel().config().setAutoRead(false);
                }
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext context) {
            updateClientReading();
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (!finished && !responseEnded) {
                fail(502, "The parent's proxy " + parent + " closed the connection before its response was complete");
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event instanceof IdleStateEvent) {
                fail(504, "The parent's proxy " + parent + " sent nothing for " + settings.idleTimeoutSeconds() + " s");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            Throwable root = cause.getCause() == null ? cause : cause.getCause();
            fail(502, "The connection to the parent's proxy " + parent + " failed: " + root.getMessage());
        }

        private HttpResponse toClient(HttpResponse response) {
            HttpResponse copy = new DefaultHttpResponse(response.protocolVersion(), response.status(),
                    response.headers().copy());
            HttpHeaders headers = copy.headers();
            headers.remove(HttpHeaderNames.CONNECTION);
            headers.remove(HttpHeaderNames.KEEP_ALIVE);
            boolean bodyless = request.method().equals(HttpMethod.HEAD) || response.status().code() == 204
                    || response.status().code() == 304;
            if (!bodyless && !HttpUtil.isContentLengthSet(copy) && !HttpUtil.isTransferEncodingChunked(copy)) {
                HttpUtil.setTransferEncodingChunked(copy, true); // the parent's body ends with its connection
            }
            HttpUtil.setKeepAlive(copy, keepAlive);
            return copy;
        }
    }
}
