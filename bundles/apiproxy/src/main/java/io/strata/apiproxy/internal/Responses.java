package io.strata.apiproxy.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/** The proxy's own answers: a status and why, in the shape the client reads ({@link RefusalBody}), then the connection closes. */
final class Responses {

    private Responses() {
    }

    /** The {@code Date} an origin server sends (RFC 9110), unless the route set its own; edge:check below reads it. */
    static void setDate(HttpResponse response) {
        if (!response.headers().contains(HttpHeaderNames.DATE)) {
            response.headers().set(HttpHeaderNames.DATE, DateFormatter.format(new Date()));
        }
    }

    static void sendAndClose(ChannelHandlerContext context, HttpRequest request, int status, String reason) {
        send(context, request, status, reason).addListener(ChannelFutureListener.CLOSE);
    }

    /** The refusal with {@code Connection: close}; the caller closes the connection when it is done reading. */
    static ChannelFuture send(ChannelHandlerContext context, HttpRequest request, int status, String reason) {
        RefusalBody shape = RefusalBody.of(request);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(shape.body(status, reason), StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, shape.contentType());
        shape.addHeaders(response.headers(), status);
        setDate(response);
        if (status == 401) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "SharedAccessSignature");
        }
        HttpUtil.setContentLength(response, response.content().readableBytes());
        HttpUtil.setKeepAlive(response, false);
        return context.channel().writeAndFlush(response);
    }
}
