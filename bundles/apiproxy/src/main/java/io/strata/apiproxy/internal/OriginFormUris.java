package io.strata.apiproxy.internal;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Turns a request target in absolute form ({@code GET https://host/path?query}) into origin form
 * ({@code /path?query}), which a server must accept (RFC 9112, 3.2.2) and which the WebSocket
 * upgrade compares with its path. The Azure IoT SDKs' AMQP over WebSockets asks in absolute form.
 */
@Sharable
final class OriginFormUris extends ChannelInboundHandlerAdapter {

    static final OriginFormUris INSTANCE = new OriginFormUris();

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof HttpRequest request && !request.uri().startsWith("/")) {
            try {
                URI target = new URI(request.uri());
                if (target.isAbsolute() && target.getRawPath() != null) {
                    String path = target.getRawPath().isEmpty() ? "/" : target.getRawPath();
                    request.setUri(target.getRawQuery() == null ? path : path + "?" + target.getRawQuery());
                }
            } catch (URISyntaxException notAUri) {
                // left as it is: no path matches it, so it gets 404
            }
        }
        context.fireChannelRead(message);
    }
}
