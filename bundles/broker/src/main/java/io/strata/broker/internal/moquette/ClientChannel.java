package io.strata.broker.internal.moquette;

import io.moquette.broker.NettyUtils;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, between Moquette's codec and its MQTT handler. It lets the edge hub publish
 * to the client itself and learn when the client acknowledged, which Moquette 0.17 cannot tell: a
 * routed message leaves its durable queue only after the module's PUBACK.
 *
 * <p>Both Moquette's session and the edge hub publish to the client, each numbering its packets on its
 * own; this handler gives every outgoing QoS 1/2 publish a packet id of its own on the wire and maps
 * the client's acknowledgements back, so the two never collide. Ids the client assigns to its own
 * publishes are left alone.
 *
 * <p>It also ends the session with its credentials (when the SAS token or certificate expires, or
 * when identity changes make them fail: see {@link #checkCredentials()}), and ends a connection that
 * sends malformed packets or fails otherwise with one WARN line. Every method runs on the channel's
 * event loop.
 */
final class ClientChannel extends ChannelDuplexHandler {

    /** A publish of the edge hub's that the client did not acknowledge in this time has failed. */
    static final Duration ACKNOWLEDGE_TIMEOUT = Duration.ofSeconds(30);

    private static final int MAX_PACKET_ID = 0xFFFF;
    private static final Logger LOG = LoggerFactory.getLogger(ClientChannel.class);
    private static final int MAX_REASON_CHARS = 120;

    private final ConnectedClients clients;
    private final IotHubAuthenticator authenticator;
    private final Duration connectTimeout;
    private final Map<Integer, Integer> wireIdOfSessionId = new HashMap<>();
    private final Map<Integer, Integer> sessionIdOfWireId = new HashMap<>();
    private final Map<Integer, CompletableFuture<Void>> ownPublishes = new HashMap<>();
    private ChannelHandlerContext context;
    private String clientId;
    private int lastWireId;
    /** The credentials of the client's CONNECT, checked again while it stays connected. */
    private MqttConnectPayload credentials;
    private ScheduledFuture<?> credentialExpiry;
    private ScheduledFuture<?> connectDeadline;
    private boolean closing;

    /**
     * @param connectTimeout how long after its accept the client has to be connected (TLS handshake
     *                       and an accepted CONNECT); Moquette only closes a connection that stays
     *                       silent that long, not one that trickles bytes
     */
    ClientChannel(ConnectedClients clients, IotHubAuthenticator authenticator, Duration connectTimeout) {
        this.clients = clients;
        this.authenticator = authenticator;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        connectDeadline = ctx.executor().schedule(() -> {
            if (clientId == null) {
                closeOnce(ctx, "not connected within " + connectTimeout.toSeconds() + " s of its accept");
            }
        }, connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Publishes to the client at the given QoS; completes when the client acknowledged (QoS 1) or the
     * publish was written (QoS 0), and fails when the connection ends or no acknowledgement comes.
     */
    CompletableFuture<Void> publish(String topic, byte[] body, MqttQoS qos) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.executor().execute(() -> publishOnLoop(topic, body, qos, done));
        return done;
    }

    private void publishOnLoop(String topic, byte[] body, MqttQoS qos, CompletableFuture<Void> done) {
        if (!context.channel().isActive()) {
            done.completeExceptionally(new IllegalStateException(clientId + " disconnected"));
            return;
        }
        int wireId = qos == MqttQoS.AT_MOST_ONCE ? 0 : nextWireId();
        if (wireId < 0) {
            done.completeExceptionally(new IllegalStateException("all packet ids of " + clientId + " are in use"));
            return;
        }
        MqttPublishMessage publish = MqttMessageBuilders.publish()
                .topicName(topic).qos(qos).retained(false).messageId(wireId)
                .payload(Unpooled.wrappedBuffer(body)).build();
        if (qos == MqttQoS.AT_MOST_ONCE) {
            context.writeAndFlush(publish).addListener(written -> {
                if (written.isSuccess()) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(written.cause());
                }
            });
            return;
        }
        ownPublishes.put(wireId, done);
        context.executor().schedule(() -> done.completeExceptionally(new TimeoutException(clientId
                + " did not acknowledge within " + ACKNOWLEDGE_TIMEOUT.toSeconds() + " s")),
                ACKNOWLEDGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        context.writeAndFlush(publish);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MqttMessage message && message.decoderResult().isFailure()) {
            // Moquette would log an ERROR with a stack trace for each: anyone could flood the log.
            ReferenceCountUtil.release(msg);
            closeOnce(ctx, "malformed MQTT packet: " + describe(message.decoderResult().cause()));
            return;
        }
        if (!(msg instanceof MqttMessage message) || message.fixedHeader() == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        MqttMessageType type = message.fixedHeader().messageType();
        if (type == MqttMessageType.CONNECT) {
            credentials = ((MqttConnectMessage) message).payload();
            ctx.fireChannelRead(msg);
        } else if (type == MqttMessageType.PUBACK || type == MqttMessageType.PUBREC || type == MqttMessageType.PUBCOMP) {
            acknowledged(ctx, message, type);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /** An acknowledgement of a publish to the client: the edge hub's own, or one for Moquette's session. */
    private void acknowledged(ChannelHandlerContext ctx, MqttMessage ack, MqttMessageType type) {
        int wireId = ((MqttMessageIdVariableHeader) ack.variableHeader()).messageId();
        CompletableFuture<Void> own = ownPublishes.remove(wireId);
        if (own != null) {
            own.complete(null);
            return;
        }
        Integer sessionId = type == MqttMessageType.PUBREC ? sessionIdOfWireId.get(wireId)
                : sessionIdOfWireId.remove(wireId);
        if (sessionId == null) {
            return; // late, after a timeout: nobody waits for it any more
        }
        if (type != MqttMessageType.PUBREC) {
            wireIdOfSessionId.remove(sessionId);
        }
        MqttFixedHeader header = ack.fixedHeader();
        MqttMessageIdVariableHeader id = MqttMessageIdVariableHeader.from(sessionId);
        ctx.fireChannelRead(type == MqttMessageType.PUBACK ? new MqttPubAckMessage(header, id)
                : new MqttMessage(header, id));
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof MqttPublishMessage publish && publish.fixedHeader().qosLevel() != MqttQoS.AT_MOST_ONCE) {
            MqttPublishMessage renumbered = renumbered(publish);
            if (renumbered == null) {
                publish.release();
                promise.setFailure(new IllegalStateException("all packet ids of " + clientId + " are in use"));
            } else {
                ctx.write(renumbered, promise);
            }
        } else if (msg instanceof MqttMessage message && message.fixedHeader() != null
                && message.fixedHeader().messageType() == MqttMessageType.PUBREL) {
            int sessionId = ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
            ctx.write(new MqttMessage(message.fixedHeader(),
                    MqttMessageIdVariableHeader.from(wireIdOfSessionId.getOrDefault(sessionId, sessionId))), promise);
        } else {
            if (msg instanceof MqttConnAckMessage connAck
                    && connAck.variableHeader().connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                clientId = NettyUtils.clientID(ctx.channel());
                connectDeadline.cancel(false);
                clients.connected(clientId, this);
                ctx.write(msg, promise);
                endSessionWithCredentials(ctx);
                return;
            }
            ctx.write(msg, promise);
        }
    }

    /**
     * Checks the client's credentials again, as identities changed: a session whose identity was
     * disabled, removed, re-keyed or moved out of this node's subtree is closed.
     */
    void checkCredentials() {
        context.executor().execute(() -> {
            if (clientId == null || !context.channel().isActive()) {
                return;
            }
            IotHubAuthenticator.ConnectCheck check = checkNow();
            if (!check.accepted()) {
                LOG.info("MQTT connection of '{}' closed: {}", clientId, check.refusal());
                closing = true;
                context.close();
            }
        });
    }

    /** Closes the session when its credential expires; at once when it no longer holds. */
    private void endSessionWithCredentials(ChannelHandlerContext ctx) {
        IotHubAuthenticator.ConnectCheck check = checkNow();
        if (!check.accepted()) {
            LOG.info("MQTT connection of '{}' closed: {}", clientId, check.refusal());
            closing = true;
            ctx.close();
            return;
        }
        if (check.validUntil() != null) {
            long delay = Math.max(0, Duration.between(Instant.now(), check.validUntil()).toMillis());
            credentialExpiry = ctx.executor().schedule(() -> {
                LOG.info("MQTT connection of '{}' closed: its credential expired at {}", clientId, check.validUntil());
                closing = true;
                ctx.close();
            }, delay, TimeUnit.MILLISECONDS);
        }
    }

    private IotHubAuthenticator.ConnectCheck checkNow() {
        SslHandler tls = context.pipeline().get(SslHandler.class);
        List<X509Certificate> chain = tls == null ? List.of()
                : IotHubAuthenticator.peerChain(tls.engine().getSession());
        return authenticator.check(clientId, credentials.userName(), credentials.passwordInBytes(), chain);
    }

    /** Any failure of the connection ends it with one WARN line, without a stack trace. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeOnce(ctx, describe(cause));
    }

    private void closeOnce(ChannelHandlerContext ctx, String reason) {
        if (!closing) {
            closing = true;
            LOG.warn("MQTT connection {} from {} closed: {}", clientId == null ? "(not connected)" : "of '" + clientId + "'",
                    ctx.channel().remoteAddress(), reason);
        }
        ctx.close();
    }

    /**
     * The innermost cause, which names the problem (the decoder and TLS layers only wrap it), cut
     * short: TLS quotes the offending bytes in hex.
     */
    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() <= MAX_REASON_CHARS ? message : message.substring(0, MAX_REASON_CHARS) + "...";
    }

    /**
     * Moquette's publish with a wire id of this connection, or null when none is free; a resend keeps
     * the id it first got.
     */
    private MqttPublishMessage renumbered(MqttPublishMessage publish) {
        int sessionId = publish.variableHeader().packetId();
        Integer wireId = wireIdOfSessionId.get(sessionId);
        if (wireId == null) {
            wireId = nextWireId();
            if (wireId < 0) {
                return null;
            }
            wireIdOfSessionId.put(sessionId, wireId);
            sessionIdOfWireId.put(wireId, sessionId);
        }
        return new MqttPublishMessage(publish.fixedHeader(),
                new MqttPublishVariableHeader(publish.variableHeader().topicName(), wireId), publish.payload());
    }

    private int nextWireId() {
        for (int tried = 0; tried < MAX_PACKET_ID; tried++) {
            lastWireId = lastWireId % MAX_PACKET_ID + 1;
            if (!ownPublishes.containsKey(lastWireId) && !sessionIdOfWireId.containsKey(lastWireId)) {
                return lastWireId;
            }
        }
        return -1;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connectDeadline.cancel(false);
        if (credentialExpiry != null) {
            credentialExpiry.cancel(false);
        }
        if (clientId != null) {
            clients.disconnected(clientId, this);
        }
        IllegalStateException gone = new IllegalStateException(clientId + " disconnected before acknowledging");
        ownPublishes.values().forEach(pending -> pending.completeExceptionally(gone));
        ownPublishes.clear();
        ctx.fireChannelInactive();
    }
}
