package io.strata.apiproxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.strata.api.identity.IdentityId;
import io.strata.api.proxy.ProxyExchange;
import io.strata.api.proxy.ProxyRoute;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request served by a local {@link ProxyRoute} on a thread of its own. The client connection
 * stops reading (autoRead off) while {@link #MAX_QUEUED} pieces of the body wait for the route and
 * reads again once it took half of them, and the route's writes wait while the connection cannot
 * take more, so neither body is held in memory.
 */
final class LocalExchange implements Exchange, ProxyExchange {

    private static final Logger LOG = LoggerFactory.getLogger(LocalExchange.class);

    private static final int WRITE_BUFFER_BYTES = 16 * 1024;
    /** Pieces of the request body (up to 8 KB each, as HttpServerCodec cuts them) read ahead of the route. */
    private static final int MAX_QUEUED = 32;
    /** Put in the body queue when the client connection closes before the body's end. */
    private static final HttpContent CLIENT_GONE = new DefaultHttpContent(Unpooled.EMPTY_BUFFER);

    private final ChannelHandlerContext client;
    private final Channel channel;
    private final HttpRequest request;
    private final IdentityId identity;
    private final int idleTimeoutSeconds;
    private final Exchange.Ended ended;
    private final boolean keepAlive;
    private final BlockingQueue<HttpContent> body = new LinkedBlockingQueue<>();
    private final RequestBody bodyStream = new RequestBody();
    private volatile boolean responded;
    /** Whether the body's end came in from the connection (read by the route or not). */
    private boolean bodyReceived;

    LocalExchange(ChannelHandlerContext client, HttpRequest request, IdentityId identity, int idleTimeoutSeconds,
            Exchange.Ended ended) {
        this.client = client;
        this.channel = client.channel();
        this.request = request;
        this.identity = identity;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        this.ended = ended;
        this.keepAlive = HttpUtil.isKeepAlive(request);
    }

    void start(ProxyRoute route, Executor threads) {
        try {
            threads.execute(() -> serve(route));
        } catch (RejectedExecutionException refused) {
            Responses.sendAndClose(client, request, 503, threads instanceof ExecutorService pool && pool.isShutdown()
                    ? "The API proxy is stopping"
                    : "The API proxy is busy: " + ApiProxyListener.MAX_LOCAL_EXCHANGES
                            + " requests to its local services are in progress, try again later");
        }
    }

    @Override
    public void content(HttpContent content) {
        bodyReceived |= content instanceof LastHttpContent;
        body.add(content);
        if (bodyReceived || body.size() >= MAX_QUEUED) {
            channel.config().setAutoRead(false); // past the body's end, the next request waits for this response
        }
    }

    @Override
    public void clientWritabilityChanged() {
        // the route's writes wait on their own futures
    }

    @Override
    public void clientClosed() {
        body.add(CLIENT_GONE);
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String target() {
        return request.uri();
    }

    @Override
    public IdentityId client() {
        return identity;
    }

    @Override
    public Map<String, List<String>> headers() {
        Map<String, List<String>> headers = new TreeMap<>();
        request.headers().forEach(header -> headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT),
                name -> new ArrayList<>()).add(header.getValue()));
        return headers;
    }

    @Override
    public long contentLength() {
        return HttpUtil.getContentLength(request, HttpUtil.isTransferEncodingChunked(request) ? -1L : 0L);
    }

    @Override
    public InputStream body() {
        return bodyStream;
    }

    @Override
    public synchronized OutputStream respond(int status, Map<String, String> headers, long contentLength) {
        if (responded) {
            throw new IllegalStateException("The response to " + request.method() + " " + request.uri()
                    + " has already started");
        }
        responded = true;
        HttpResponse response = new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.valueOf(status));
        headers.forEach(response.headers()::set);
        Responses.setDate(response);
        if (contentLength >= 0) {
            HttpUtil.setContentLength(response, contentLength);
        } else {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        channel.writeAndFlush(response);
        return new BufferedOutputStream(new ResponseBody(), WRITE_BUFFER_BYTES);
    }

    private void serve(ProxyRoute route) {
        try {
            route.serve(this);
            if (!responded) {
                respond(500, Map.of(), 0).close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} {} from {} failed in its local service: {}", request.method(), request.uri(), identity,
                    e.toString());
            if (responded) {
                channel.close();
            } else {
                responded = true;
                channel.eventLoop().execute(() -> Responses.sendAndClose(client, request, 500,
                        "The local service failed: " + e.getMessage()));
            }
        } finally {
            bodyStream.close(); // a route that read the body to its end without closing it left the last piece held
            channel.eventLoop().execute(this::releaseUnread);
        }
    }

    private void releaseUnread() {
        for (HttpContent content = body.poll(); content != null; content = body.poll()) {
            content.release();
        }
    }

    /** The request body, read from the connection as it is asked for. */
    private final class RequestBody extends InputStream {

        private HttpContent current;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (current == null || !current.content().isReadable()) {
                if (ended) {
                    return -1;
                }
                next();
            }
            ByteBuf content = current.content();
            int count = Math.min(length, content.readableBytes());
            content.readBytes(bytes, offset, count);
            return count;
        }

        /** Waits for the next piece of the body, letting the connection read again once half the queue is taken. */
        private void next() throws IOException {
            if (current != null) {
                current.release();
                current = null;
            }
            HttpContent next;
            try {
                next = body.poll(idleTimeoutSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the request body");
            }
            if (next == null) {
                throw new IOException("no more of the request body for " + idleTimeoutSeconds + " s");
            }
            if (next == CLIENT_GONE) {
                throw new IOException("the client closed the connection before the end of the body");
            }
            current = next;
            ended = next instanceof LastHttpContent;
            if (!ended && body.size() <= MAX_QUEUED / 2 && !channel.config().isAutoRead()) {
                // on the event loop, where content() decides, so that nothing is read past the body's end
                channel.eventLoop().execute(() -> channel.config().setAutoRead(!bodyReceived));
            }
        }

        @Override
        public void close() {
            if (current != null) {
                current.release();
                current = null;
            }
        }
    }

    /** The response body, written as it comes and waiting while the client is slow. */
    private final class ResponseBody extends OutputStream {

        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException("the response is complete");
            }
            if (!channel.isActive()) {
                throw new IOException("the client closed the connection");
            }
            ChannelFuture written = channel.writeAndFlush(
                    new DefaultHttpContent(Unpooled.copiedBuffer(bytes, offset, length)));
            if (!channel.isWritable()) {
                if (!written.awaitUninterruptibly(TimeUnit.SECONDS.toMillis(idleTimeoutSeconds))) {
                    channel.close();
                    throw new IOException("the client took nothing for " + idleTimeoutSeconds + " s");
                }
                if (!written.isSuccess()) {
                    throw new IOException("the client connection failed: " + written.cause().getMessage());
                }
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            // on the event loop, like content(): a body not received whole leaves the rest unread on the connection
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(
                    written -> ended.exchangeEnded(written.isSuccess() && keepAlive && bodyReceived));
        }
    }
}
