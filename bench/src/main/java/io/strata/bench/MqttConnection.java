package io.strata.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One MQTT client connection, driven entirely on its event loop: a {@link Publisher} keeps its window of
 * QoS 1 publishes in flight, received QoS 1 publishes are acknowledged, and everything one read produced
 * is written with a single flush.
 */
final class MqttConnection extends SimpleChannelInboundHandler<MqttMessage> {

    private static final int KEEP_ALIVE_SECONDS = 60;

    private final String clientId;
    private final String username;
    private final String password;
    private final CompletableFuture<MqttConnection> connected;
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private volatile Consumer<byte[]> receiver = body -> { };
    private Channel channel;
    private Publisher publisher;

    MqttConnection(String clientId, String username, String password, CompletableFuture<MqttConnection> connected) {
        this.clientId = clientId;
        this.username = username;
        this.password = password;
        this.connected = connected;
    }

    String clientId() {
        return clientId;
    }

    boolean isOpen() {
        return channel.isActive();
    }

    /** Starts publishing on this connection's event loop. */
    void publish(Publisher publisher) {
        publishAfter(publisher, 0);
    }

    /** Starts publishing on this connection's event loop after the delay. */
    void publishAfter(Publisher publisher, long delayMillis) {
        channel.eventLoop().schedule(() -> {
            this.publisher = publisher;
            publisher.start(channel);
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Subscribes at QoS 1; every message received goes to {@code receiver}, on the event loop. */
    CompletableFuture<Void> subscribe(String topicFilter, Consumer<byte[]> receiver) {
        this.receiver = receiver;
        channel.writeAndFlush(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE,
                topicFilter).build());
        return subscribed;
    }

    void close() {
        channel.writeAndFlush(MqttMessage.DISCONNECT).addListener(future -> channel.close());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        channel = context.channel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                context.writeAndFlush(MqttMessageBuilders.connect().clientId(clientId).username(username)
                        .password(password.getBytes(StandardCharsets.UTF_8)).cleanSession(true)
                        .keepAlive(KEEP_ALIVE_SECONDS).protocolVersion(MqttVersion.MQTT_3_1_1).build());
            } else {
                connected.completeExceptionally(handshake.cause());
            }
        }
        super.userEventTriggered(context, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, MqttMessage message) {
        if (message.decoderResult().isFailure()) {
            context.close();
            return;
        }
        switch (message.fixedHeader().messageType()) {
            case CONNACK -> connectionAccepted(context, (MqttConnAckMessage) message);
            case PUBACK -> publisher.acknowledged(((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
            case PUBLISH -> received(context, (MqttPublishMessage) message);
            case SUBACK -> subscribed.complete(null);
            default -> { }
        }
    }

    private void connectionAccepted(ChannelHandlerContext context, MqttConnAckMessage message) {
        MqttConnectReturnCode code = message.variableHeader().connectReturnCode();
        if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            connected.completeExceptionally(new IllegalStateException(clientId + " refused: " + code));
            context.close();
            return;
        }
        // No other traffic may come for a while (an idle device, a drained receiver): keep the session alive.
        context.executor().scheduleAtFixedRate(() -> context.writeAndFlush(MqttMessage.PINGREQ),
                KEEP_ALIVE_SECONDS / 2, KEEP_ALIVE_SECONDS / 2, TimeUnit.SECONDS);
        connected.complete(this);
    }

    private void received(ChannelHandlerContext context, MqttPublishMessage message) {
        ByteBuf payload = message.payload();
        byte[] body = new byte[payload.readableBytes()];
        payload.getBytes(payload.readerIndex(), body);
        if (message.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            context.write(MqttMessageBuilders.pubAck().packetId(message.variableHeader().packetId()).build());
        }
        receiver.accept(body);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (publisher != null) {
            publisher.sendDue();
        }
        context.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        connected.completeExceptionally(new IllegalStateException(clientId + ": the broker closed the connection"));
        if (publisher != null) {
            publisher.connectionLost();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
    }
}
