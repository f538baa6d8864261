package io.strata.apiproxy.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.strata.api.transport.ByteStream;
import io.strata.api.transport.TunnelPeer;
import io.strata.api.transport.TunnelledProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket: once upgraded, the binary frames' bytes go to the protocol of the
 * subprotocol the client chose, and what the protocol answers goes back in binary frames. A request
 * on the WebSocket path that is no upgrade gets 404.
 */
final class TunnelHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelHandler.class);

    private final Map<String, TunnelledProtocol> protocols;
    private ByteStream toProtocol;

    TunnelHandler(Map<String, TunnelledProtocol> protocols) {
        this.protocols = protocols;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (!(event instanceof HandshakeComplete handshake)) {
            super.userEventTriggered(context, event);
            return;
        }
        Channel channel = context.channel();
        String subprotocol = handshake.selectedSubprotocol();
        TunnelledProtocol protocol = subprotocol == null ? null : protocols.get(subprotocol);
        if (protocol == null) {
            LOG.warn("WebSocket from {} closed: no protocol for subprotocol '{}' (offered: {})", channel.remoteAddress(),
                    handshake.requestHeaders().get("Sec-WebSocket-Protocol"), protocols.keySet());
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR,
                    "no protocol for this subprotocol")).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        TunnelPeer peer = new TunnelPeer((InetSocketAddress) channel.remoteAddress(),
                channel.pipeline().get(SslHandler.class).engine().getSession());
        try {
            toProtocol = protocol.open(peer, new ToClient(channel));
        } catch (IOException | RuntimeException e) {
            LOG.warn("WebSocket from {} closed: the {} protocol takes no connection: {}", channel.remoteAddress(),
                    subprotocol, e.getMessage());
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.TRY_AGAIN_LATER,
                    subprotocol + " is not available")).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        try {
            if (message instanceof FullHttpRequest) {
                notFound(context);
            } else if (message instanceof BinaryWebSocketFrame || message instanceof ContinuationWebSocketFrame) {
                forward(context, (WebSocketFrame) message);
            } else if (message instanceof WebSocketFrame) {
                context.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                        "binary frames only")).addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (toProtocol != null) {
            toProtocol.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        // A peer that breaks TLS or HTTP gets one line, not a stack trace: anyone can send garbage.
        LOG.warn("HTTPS connection from {} closed: {}", context.channel().remoteAddress(), cause.getMessage());
        context.close();
    }

    private void forward(ChannelHandlerContext context, WebSocketFrame frame) {
        if (toProtocol == null) {
            context.close();
            return;
        }
        try {
            toProtocol.write(ByteBufUtil.getBytes(frame.content()));
        } catch (IOException e) {
            LOG.debug("WebSocket from {} closed: its protocol connection ended: {}", context.channel().remoteAddress(),
                    e.getMessage());
            context.close();
        }
    }

    private static void notFound(ChannelHandlerContext context) {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                Unpooled.copiedBuffer(ApiProxyListener.WEBSOCKET_PATH + " serves WebSocket upgrades only\n", StandardCharsets.UTF_8));
        HttpUtil.setContentLength(response, response.content().readableBytes());
        context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** What the protocol sends the client: binary frames, written as they come (waiting while the client is slow). */
    private record ToClient(Channel channel) implements ByteStream {

        @Override
        public void write(byte[] bytes) throws IOException {
            if (!channel.isActive()) {
                throw new IOException("the WebSocket from " + channel.remoteAddress() + " is closed");
            }
            var written = channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
            if (!channel.isWritable() && !channel.eventLoop().inEventLoop()) {
                written.awaitUninterruptibly();
            }
        }

        @Override
        public void close() {
            if (channel.isActive()) {
                channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE, null))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
