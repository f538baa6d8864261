package io.strata.apiproxy.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.strata.apiproxy.internal.ClientAuthentication.Verdict;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's requests, one at a time: the WebSocket path becomes a tunnel (the
 * connection is then that tunnel's), every other request is authenticated and goes to a local
 * service or to the parent's proxy with its body streamed, never aggregated.
 */
final class RequestDispatcher extends ChannelInboundHandlerAdapter implements Exchange.Ended {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_UPGRADE_REQUEST_BYTES = 64 * 1024;
    /** Larger than any MQTT packet or AMQP frame the edge hub accepts (messages up to 256 KB and headers). */
    private static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;
    /**
     * How much of a refused request's body is read and dropped before the connection closes: a client
     * still sending when the connection closes sees a reset instead of the refusal.
     */
    static final long MAX_DISCARDED_BODY_BYTES = 64 * 1024 * 1024;

    private final ProxySettings settings;
    private final Executor localServiceThreads;
    private ChannelHandlerContext context;
    private Exchange exchange;
    private long bodyBytes;
    /** Whether the body arriving belongs to a refused request, read only to be dropped. */
    private boolean discarding;

    RequestDispatcher(ProxySettings settings, Executor localServiceThreads) {
        this.settings = settings;
        this.localServiceThreads = localServiceThreads;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.context = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                ReferenceCountUtil.release(message);
                Responses.sendAndClose(context, request, 400,
                        "Malformed request: " + request.decoderResult().cause().getMessage());
            } else if (exchange != null) {
                // a request sent before the previous one's response: not supported, the client retries it
                ReferenceCountUtil.release(message);
                context.close();
            } else if (new QueryStringDecoder(request.uri()).rawPath().startsWith(ApiProxyListener.WEBSOCKET_PATH)) {
                becomeTunnel(context, request);
            } else {
                ReferenceCountUtil.release(message);
                start(context, request);
            }
        } else if (message instanceof HttpContent content) {
            if (exchange == null) {
                discard(context, content);
                return;
            }
            bodyBytes += content.content().readableBytes();
            if (bodyBytes > settings.maxBodyBytes()) {
                content.release();
                LOG.warn("Request from {} closed: its body passed maxBodyBytes = {}", context.channel().remoteAddress(),
                        settings.maxBodyBytes());
                context.close();
                return;
            }
            exchange.content(content);
        } else {
            context.fireChannelRead(message);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (exchange != null) {
            exchange.clientWritabilityChanged();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (exchange != null) {
            exchange.clientClosed();
            exchange = null;
        }
        context.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent) {
            LOG.debug("HTTPS connection from {} closed: idle for {} s", context.channel().remoteAddress(),
                    settings.idleTimeoutSeconds());
            context.close();
        } else {
            context.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        // A peer that breaks TLS or HTTP gets one line, not a stack trace: anyone can send garbage.
        LOG.warn("HTTPS connection from {} closed: {}", context.channel().remoteAddress(), cause.getMessage());
        context.close();
    }

    @Override
    public void exchangeEnded(boolean keepConnection) {
        exchange = null;
        if (!keepConnection) {
            context.close();
        } else if (context.channel().isActive()) {
            context.channel().config().setAutoRead(true);
            context.read();
        }
    }

    private void start(ChannelHandlerContext context, HttpRequest request) {
        // decoded, so that /%24strata/status is /$strata/status; forwarded as the client sent it
        String path = new QueryStringDecoder(request.uri()).path();
        if (HttpUtil.isContentLengthSet(request) && HttpUtil.getContentLength(request) > settings.maxBodyBytes()) {
            refuse(context, request, 413, "The body is larger than this node accepts (maxBodyBytes = "
                    + settings.maxBodyBytes() + ")");
            return;
        }
        Verdict verdict = settings.authentication().check(
                request.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION),
                request.headers().get(HttpHeaderNames.AUTHORIZATION), clientCertificates(context));
        if (!verdict.isAccepted()) {
            LOG.info("{} {} from {} refused with {}: {}", request.method(), path, context.channel().remoteAddress(),
                    verdict.status(), verdict.reason());
            refuse(context, request, verdict.status(), verdict.reason());
            return;
        }
        Routes.Decision decision = settings.routes().decide(path, settings.localServices(), settings.parent().isPresent());
        if (decision instanceof Routes.NotFound notFound) {
            refuse(context, request, 404, settings.parentProblem() == null ? notFound.reason()
                    : notFound.reason() + " (the parent's proxy is not used: " + settings.parentProblem() + ")");
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            request.headers().remove(HttpHeaderNames.EXPECT);
            context.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        bodyBytes = 0;
        if (decision instanceof Routes.Local local) {
            LocalExchange started = new LocalExchange(context, request, verdict.client(), settings.idleTimeoutSeconds(),
                    this);
            exchange = started;
            started.start(local.route(), localServiceThreads);
        } else {
            UpstreamExchange started = new UpstreamExchange(context, request, settings.parent().orElseThrow(), settings,
                    this);
            exchange = started;
            started.start();
        }
    }

    /**
     * Refuses a request before its body was read: a body the client sends anyway (it did not wait for
     * 100 Continue) is read and dropped up to {@link #MAX_DISCARDED_BODY_BYTES}, so that the client gets to
     * read the refusal; then the connection closes.
     */
    private void refuse(ChannelHandlerContext context, HttpRequest request, int status, String reason) {
        boolean bodyFollows = !HttpUtil.is100ContinueExpected(request) && (HttpUtil.isTransferEncodingChunked(request)
                || HttpUtil.getContentLength(request, 0L) > 0);
        if (!bodyFollows) {
            Responses.sendAndClose(context, request, status, reason);
            return;
        }
        Responses.send(context, request, status, reason);
        discarding = true;
        bodyBytes = 0;
    }

    private void discard(ChannelHandlerContext context, HttpContent content) {
        bodyBytes += content.content().readableBytes();
        boolean last = content instanceof LastHttpContent;
        content.release();
        if (discarding && (last || bodyBytes > MAX_DISCARDED_BODY_BYTES)) {
            discarding = false;
            context.close();
        }
    }

    /** From here on this connection is a WebSocket: its handlers replace this one, which hands them the upgrade request. */
    private void becomeTunnel(ChannelHandlerContext context, HttpRequest request) {
        context.pipeline().remove(IdleStateHandler.class); // the tunnelled protocols keep their connections alive
        context.pipeline().addAfter(context.name(), null, new HttpObjectAggregator(MAX_UPGRADE_REQUEST_BYTES));
        context.pipeline().addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                        .websocketPath(ApiProxyListener.WEBSOCKET_PATH)
                        .checkStartsWith(true)
                        .subprotocols(String.join(",", settings.protocols().keySet()))
                        .maxFramePayloadLength(MAX_FRAME_BYTES)
                        .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                        .build()),
                new TunnelHandler(settings.protocols()));
        context.fireChannelRead(request);
        context.pipeline().remove(this);
    }

    private static List<X509Certificate> clientCertificates(ChannelHandlerContext context) {
        try {
            Certificate[] chain = context.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
            return Arrays.stream(chain).filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast)
                    .toList();
        } catch (SSLPeerUnverifiedException none) {
            return List.of();
        }
    }
}
