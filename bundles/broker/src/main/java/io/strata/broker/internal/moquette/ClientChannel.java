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
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>It keeps what the client is subscribed to ({@link ClientSubscriptions}) from the SUBACKs and
 * UNSUBACKs it writes, so that a delivery needs no word with Moquette's session loop. The edge hub's
 * own publishes queue up and leave from one event-loop task with one flush; one sweep, not a timer
 * per publish, fails those the client did not acknowledge in time.
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
    private final Duration acknowledgeTimeout;
    private final Map<Integer, Integer> wireIdOfSessionId = new HashMap<>();
    private final Map<Integer, Integer> sessionIdOfWireId = new HashMap<>();
    /** The edge hub's publishes waiting for their PUBACK, oldest first. */
    private final Map<Integer, AwaitedAck> ownPublishes = new LinkedHashMap<>();
    private final Queue<OwnPublish> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean outgoingScheduled = new AtomicBoolean();
    private final ClientSubscriptions subscriptions = new ClientSubscriptions();
    /** The topic filters of the client's SUBSCRIBEs (UNSUBSCRIBEs), by packet id, until Moquette answers. */
    private final Map<Integer, List<String>> subscribing = new HashMap<>();
    private final Map<Integer, List<String>> unsubscribing = new HashMap<>();
    private final SessionDelivery sessions;
    private ChannelHandlerContext context;
    private String clientId;
    private int lastWireId;
    /** The credentials of the client's CONNECT, checked again while it stays connected. */
    private MqttConnectPayload credentials;
    private ScheduledFuture<?> credentialExpiry;
    private ScheduledFuture<?> connectDeadline;
    private ScheduledFuture<?> acknowledgeSweep;
    private boolean closing;

    /**
     * @param connectTimeout how long after its accept the client has to be connected (TLS handshake
     *                       and an accepted CONNECT); Moquette only closes a connection that stays
     *                       silent that long, not one that trickles bytes
     * @param acknowledgeTimeout how long the client has to acknowledge a publish of the edge hub's
     *                       ({@link #ACKNOWLEDGE_TIMEOUT}); they are swept 30 times in that period
     */
    ClientChannel(ConnectedClients clients, IotHubAuthenticator authenticator, Duration connectTimeout,
            Duration acknowledgeTimeout, SessionDelivery sessions) {
        this.clients = clients;
        this.authenticator = authenticator;
        this.connectTimeout = connectTimeout;
        this.acknowledgeTimeout = acknowledgeTimeout;
        this.sessions = sessions;
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

    private record OwnPublish(String topic, byte[] body, MqttQoS qos, CompletableFuture<Void> done) {
    }

    private record AwaitedAck(CompletableFuture<Void> done, long deadlineNanos) {
    }

    /** What the client is subscribed to, as far as this connection saw. */
    ClientSubscriptions subscriptions() {
        return subscriptions;
    }

    /**
     * Publishes to the client at the given QoS; completes when the client acknowledged (QoS 1) or the
     * publish was written (QoS 0), and fails when the connection ends or no acknowledgement comes.
     * Publishes from any thread queue up for one event-loop task, which writes them all and flushes once.
     */
    CompletableFuture<Void> publish(String topic, byte[] body, MqttQoS qos) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        outgoing.add(new OwnPublish(topic, body, qos, done));
        if (outgoingScheduled.compareAndSet(false, true)) {
            context.executor().execute(this::writeOutgoing);
        }
        return done;
    }

    private void writeOutgoing() {
        // Cleared first: a publish queued from now on schedules the next task.
        outgoingScheduled.set(false);
        boolean written = false;
        for (OwnPublish publish = outgoing.poll(); publish != null; publish = outgoing.poll()) {
            written |= writeOnLoop(publish);
        }
        if (written) {
            context.flush();
        }
    }

    private boolean writeOnLoop(OwnPublish own) {
        CompletableFuture<Void> done = own.done();
        if (!context.channel().isActive()) {
            done.completeExceptionally(new IllegalStateException(clientId + " disconnected"));
            return false;
        }
        int wireId = own.qos() == MqttQoS.AT_MOST_ONCE ? 0 : nextWireId();
        if (wireId < 0) {
            done.completeExceptionally(new IllegalStateException("all packet ids of " + clientId + " are in use"));
            return false;
        }
        MqttPublishMessage publish = MqttMessageBuilders.publish()
                .topicName(own.topic()).qos(own.qos()).retained(false).messageId(wireId)
                .payload(Unpooled.wrappedBuffer(own.body())).build();
        if (own.qos() == MqttQoS.AT_MOST_ONCE) {
            context.write(publish).addListener(written -> {
                if (written.isSuccess()) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(written.cause());
                }
            });
            return true;
        }
        ownPublishes.put(wireId, new AwaitedAck(done, System.nanoTime() + acknowledgeTimeout.toNanos()));
        if (acknowledgeSweep == null) {
            long period = Math.max(1, acknowledgeTimeout.toMillis() / 30);
            acknowledgeSweep = context.executor().scheduleWithFixedDelay(this::failUnacknowledged,
                    period, period, TimeUnit.MILLISECONDS);
        }
        context.write(publish);
        return true;
    }

    /** Fails the publishes whose acknowledgement is overdue; they are oldest first, all with the same timeout. */
    private void failUnacknowledged() {
        long now = System.nanoTime();
        for (Iterator<AwaitedAck> pending = ownPublishes.values().iterator(); pending.hasNext(); ) {
            AwaitedAck awaited = pending.next();
            if (awaited.deadlineNanos() - now > 0) {
                return;
            }
            pending.remove();
            awaited.done().completeExceptionally(new TimeoutException(clientId + " did not acknowledge within "
                    + acknowledgeTimeout.toMillis() + " ms"));
        }
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
        } else if (type == MqttMessageType.SUBSCRIBE) {
            subscribing.put(((MqttSubscribeMessage) message).idAndPropertiesVariableHeader().messageId(),
                    ((MqttSubscribeMessage) message).payload().topicSubscriptions().stream()
                            .map(MqttTopicSubscription::topicFilter).toList());
            ctx.fireChannelRead(msg);
        } else if (type == MqttMessageType.UNSUBSCRIBE) {
            unsubscribing.put(((MqttUnsubscribeMessage) message).idAndPropertiesVariableHeader().messageId(),
                    ((MqttUnsubscribeMessage) message).payload().topics());
            ctx.fireChannelRead(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /** An acknowledgement of a publish to the client: the edge hub's own, or one for Moquette's session. */
    private void acknowledged(ChannelHandlerContext ctx, MqttMessage ack, MqttMessageType type) {
        int wireId = ((MqttMessageIdVariableHeader) ack.variableHeader()).messageId();
        AwaitedAck own = ownPublishes.remove(wireId);
        if (own != null) {
            own.done().complete(null);
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
        } else if (msg instanceof MqttSubAckMessage subAck) {
            granted(subAck);
            ctx.write(msg, promise);
        } else if (msg instanceof MqttUnsubAckMessage unsubAck) {
            List<String> filters = unsubscribing.remove(unsubAck.variableHeader().messageId());
            if (filters != null) {
                filters.forEach(subscriptions::unsubscribed);
            }
            ctx.write(msg, promise);
        } else {
            if (msg instanceof MqttConnAckMessage connAck
                    && connAck.variableHeader().connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                clientId = NettyUtils.clientID(ctx.channel());
                connectDeadline.cancel(false);
                learnSubscriptions(connAck.variableHeader().isSessionPresent());
                clients.connected(clientId, this);
                ctx.write(msg, promise);
                endSessionWithCredentials(ctx);
                return;
            }
            ctx.write(msg, promise);
        }
    }

    /** Moquette's answer to a SUBSCRIBE: each filter it granted is subscribed at the granted QoS. */
    private void granted(MqttSubAckMessage subAck) {
        List<String> filters = subscribing.remove(subAck.variableHeader().messageId());
        List<Integer> grantedQos = subAck.payload().grantedQoSLevels();
        if (filters == null || filters.size() != grantedQos.size()) {
            return;
        }
        for (int i = 0; i < filters.size(); i++) {
            MqttQoS qos = MqttQoS.valueOf(grantedQos.get(i));
            if (qos != MqttQoS.FAILURE) {
                subscriptions.subscribed(filters.get(i), qos);
            }
        }
    }

    /** A resumed session starts from the subscriptions Moquette's session kept; asked once, at CONNACK. */
    private void learnSubscriptions(boolean sessionPresent) {
        if (!sessionPresent) {
            subscriptions.startedEmpty();
            return;
        }
        sessions.storedSubscriptions(clientId).whenComplete((stored, failure) -> context.executor().execute(() -> {
            if (failure != null) {
                LOG.warn("The subscriptions of '{}' kept from its earlier session are not known: {}", clientId,
                        describe(failure));
            }
            subscriptions.resumed(failure == null ? stored : List.of());
        }));
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
        if (acknowledgeSweep != null) {
            acknowledgeSweep.cancel(false);
        }
        if (credentialExpiry != null) {
            credentialExpiry.cancel(false);
        }
        if (clientId != null) {
            clients.disconnected(clientId, this);
        }
        IllegalStateException gone = new IllegalStateException(clientId + " disconnected before acknowledging");
        ownPublishes.values().forEach(pending -> pending.done().completeExceptionally(gone));
        outgoing.forEach(queued -> queued.done().completeExceptionally(gone));
        outgoing.clear();
        ownPublishes.clear();
        ctx.fireChannelInactive();
    }
}
