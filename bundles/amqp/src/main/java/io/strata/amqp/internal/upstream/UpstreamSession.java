package io.strata.amqp.internal.upstream;

import io.strata.amqp.internal.engine.AmqpClient;
import io.strata.amqp.internal.engine.AmqpConnection;
import io.strata.amqp.internal.engine.AmqpHandler;
import io.strata.amqp.internal.engine.IncomingDeliveries;
import io.strata.amqp.internal.engine.OutgoingDeliveries;
import io.strata.amqp.internal.protocol.AmqpNames;
import io.strata.amqp.internal.protocol.Cbs;
import io.strata.amqp.internal.protocol.LinkAddress;
import io.strata.amqp.internal.protocol.LinkAddress.Endpoint;
import io.strata.amqp.internal.protocol.MessageMapping;
import io.strata.amqp.internal.protocol.ProtonMessages;
import io.strata.api.identity.IdentityId;
import io.strata.api.module.MethodResult;
import io.strata.api.node.LocalNode;
import io.strata.api.node.NodeSettings;
import io.strata.api.node.ParentSession;
import io.strata.api.node.ParentSessionContext;
import io.strata.api.node.ParentToken;
import io.strata.api.twin.TwinSection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the parent, on behalf of this node's edge device: CBS authentication (and
 * renewal) or a client certificate, the {@code $strata} node links, and the telemetry stream that
 * carries every origin of this node's subtree on one link ({@link AmqpNames#ORIGIN_STREAM}), or one
 * telemetry link per origin when the parent offers no stream (an older parent). Proton objects are
 * touched on the connection's event loop only; what the parent's messages do locally runs on the
 * executors.
 */
final class UpstreamSession extends AmqpHandler implements ParentSession {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamSession.class);
    private static final int CREDIT = 100;
    private static final int IDLE_TIMEOUT_MILLIS = 60_000;
    private static final Duration DEFAULT_METHOD_TIMEOUT = Duration.ofSeconds(30);
    /** The context of a stream link the parent answered without offering the stream: its close is expected. */
    private static final Object DECLINED_STREAM = new Object();

    private record HandedIn(IdentityId origin, byte[] encoded, CompletableFuture<Void> done) {
    }

    private final ParentSessionContext settings;
    private final ParentToken tokens;
    private final LocalNode local;
    private final Executor work;
    private final Executor calls;
    private final Events events;
    private final IdentityId ownDevice;
    private final AmqpClient client;

    private volatile AmqpConnection amqp;
    private Session session;
    private Sender cbsRequests;
    private Receiver cbsReplies;
    private String tokenRequest;
    private ScheduledFuture<?> renewal;
    private Receiver identities;
    private Receiver desired;
    private Sender reported;
    private Receiver methodCalls;
    private Sender methodAnswers;
    private Receiver cloudToDevice;
    private Sender streamLink;
    // null while the parent has not answered the stream's attach, and when it offers no stream
    private TelemetrySender stream;
    private boolean streamAnswered;
    private boolean identitiesOpen;
    private final Map<IdentityId, TelemetrySender> telemetry = new HashMap<>();
    // telemetry from the router's threads, taken by the event loop in one task per burst, not one task
    // (and wake-up of the loop) per message
    private final Queue<HandedIn> handedIn = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean handOverQueued = new AtomicBoolean();
    private String error;
    private volatile boolean connected;
    private volatile boolean stopped;

    /**
     * @param settings where the parent is and how to authenticate: SASL EXTERNAL with the TLS client
     *                 certificate when it has no token
     */
    UpstreamSession(ParentSessionContext settings, AmqpClient client, Events events) {
        this.settings = settings;
        this.client = client;
        this.tokens = settings.token();
        this.local = settings.local();
        this.work = settings.work();
        this.calls = settings.calls();
        this.events = events;
        this.ownDevice = IdentityId.device(settings.deviceId());
    }

    @Override
    public void start() {
        try {
            client.connect(settings.address(), settings.port(), settings.tls().get(), settings.parentHostname(), this)
                    .whenComplete((connection, failure) -> {
                        if (failure != null) {
                            events.lost(this, ParentSession.describe(failure));
                        }
                    });
        } catch (RuntimeException e) {
            events.lost(this, ParentSession.describe(e));
        }
    }

    @Override
    public boolean isConnected() {
        return connected && !stopped;
    }

    @Override
    public void close() {
        AmqpConnection connection = amqp;
        if (connection != null) {
            connection.close(null);
        }
    }

    /** Every transfer in flight carries a whole batch. */
    @Override
    public int maxTelemetryInFlight() {
        return TelemetrySender.MAX_TRANSFERS_IN_FLIGHT * TelemetrySender.MAX_BATCH_MESSAGES;
    }

    /**
     * Sends telemetry of {@code origin} on its sender link, in a batch with what else is handed in
     * meanwhile; completes once the parent accepted the transfer (or, refusing a batch, said it stored
     * this message of it), fails on any other outcome or when the link or connection goes first.
     */
    @Override
    public CompletionStage<Void> sendTelemetry(IdentityId origin, io.strata.api.message.Message message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        handedIn.add(new HandedIn(origin, MessageMapping.encode(message), done));
        if (handOverQueued.compareAndSet(false, true)) {
            CompletableFuture<Void> loopGone = new CompletableFuture<>();
            loopGone.whenComplete((none, failure) -> failHandedIn(failure));
            onLoop(loopGone, this::handOver);
        }
        return done;
    }

    /** On the event loop: what the router's threads handed in meanwhile goes to the telemetry senders. */
    private void handOver() {
        handOverQueued.set(false); // whatever comes from now on queues another hand-over
        for (HandedIn next = handedIn.poll(); next != null; next = handedIn.poll()) {
            if (isConnected()) {
                telemetrySender(next.origin()).send(next.encoded(), next.done());
            } else {
                next.done().completeExceptionally(notConnected());
            }
        }
    }

    private void failHandedIn(Throwable failure) {
        handOverQueued.set(false);
        for (HandedIn next = handedIn.poll(); next != null; next = handedIn.poll()) {
            next.done().completeExceptionally(failure);
        }
    }

    @Override
    public void sendReported(TwinSection section) {
        Message message = ProtonMessages.withValue(section.section());
        ProtonMessages.annotate(message, AmqpNames.IDENTITY, section.identity().toString());
        ProtonMessages.annotate(message, AmqpNames.VERSION, section.version());
        byte[] encoded = ProtonMessages.encode(message);
        onLoop(new CompletableFuture<>(), () -> {
            if (isConnected()) {
                OutgoingDeliveries.send(reported, encoded).whenComplete((state, failure) -> {
                    if (failure == null && !(state instanceof Accepted)) {
                        LOG.warn("The parent refused the reported properties of {} (version {}): {}",
                                section.identity(), section.version(), state);
                    }
                });
            }
        });
    }

    @Override
    public void onStart(AmqpConnection connection) {
        amqp = connection;
        Sasl sasl = connection.transport().sasl();
        sasl.client();
        sasl.setMechanisms(tokens != null ? AmqpNames.SASL_ANONYMOUS : AmqpNames.SASL_EXTERNAL);
        // heartbeats: a parent that vanished without closing the socket is noticed
        connection.transport().setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        Connection proton = connection.connection();
        proton.setContainer(settings.deviceId());
        proton.setHostname(settings.parentHostname());
        proton.open();
        session = proton.session();
        session.open();
        if (tokens != null) {
            cbsRequests = sender("cbs-requests", AmqpNames.CBS_ADDRESS);
            cbsReplies = receiver("cbs-replies", AmqpNames.CBS_ADDRESS);
            putToken();
        } else {
            openNodeLinks();
        }
    }

    @Override
    public void onStop(AmqpConnection connection, Throwable cause) {
        stopped = true;
        connected = false;
        if (renewal != null) {
            renewal.cancel(false);
        }
        String reason = error != null ? error
                : cause != null ? String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause)
                : "the connection closed";
        IllegalStateException gone = new IllegalStateException("the connection to the parent closed: " + reason);
        telemetry.values().forEach(sender -> sender.lost(gone));
        if (stream != null) {
            stream.lost(gone);
        }
        events.lost(this, reason);
    }

    @Override
    public void onConnectionRemoteClose(Event event) {
        ErrorCondition condition = event.getConnection().getRemoteCondition();
        fail("the parent closed the connection" + describe(condition));
    }

    @Override
    public void onTransportError(Event event) {
        ErrorCondition condition = event.getTransport().getCondition();
        if (error == null) {
            error = "AMQP transport error" + describe(condition);
        }
    }

    @Override
    public void onLinkRemoteOpen(Event event) {
        Link link = event.getLink();
        if (link == streamLink && !streamAnswered) {
            streamAnswered(streamLink);
        } else if (link == identities && link.getRemoteSource() != null) {
            identitiesOpen = true;
        }
        // the stream is attached before the node links, so the parent answers it first
        if (identitiesOpen && streamAnswered && !connected) {
            LOG.info("Connected to the parent {} at {} as {}", settings.parentHostname(), settings.endpoint(),
                    settings.deviceId());
            // the status says connected before telemetry may go: whoever sees the link ready sees it connected
            events.connected(this);
            connected = true;
            ParentSession.execute(work, () -> local.parent().reportedSections().forEach(this::sendReported));
        }
    }

    @Override
    public void onLinkRemoteClose(Event event) {
        linkGone(event.getLink());
    }

    @Override
    public void onLinkRemoteDetach(Event event) {
        linkGone(event.getLink());
    }

    @Override
    public void onDelivery(Event event) {
        Delivery delivery = event.getDelivery();
        if (!(delivery.getLink() instanceof Receiver receiver)) {
            return; // the engine completes our own deliveries' stages
        }
        byte[] bytes = IncomingDeliveries.read(delivery);
        if (bytes == null) {
            return;
        }
        IncomingDeliveries.replenish(receiver, CREDIT);
        Message message;
        try {
            message = ProtonMessages.decode(bytes);
        } catch (IllegalArgumentException e) {
            settle(delivery, rejected(AmqpNames.DECODE_ERROR, e.getMessage()));
            return;
        }
        try {
            dispatch(receiver, delivery, message);
        } catch (RuntimeException e) {
            LOG.warn("A message from the parent on {} is not valid: {}", receiver.getName(), e.getMessage());
            settle(delivery, rejected(AmqpNames.INVALID_FIELD, e.getMessage()));
        }
    }

    private void dispatch(Receiver receiver, Delivery delivery, Message message) {
        if (receiver == cbsReplies) {
            settle(delivery, Accepted.getInstance());
            tokenReply(message);
        } else if (receiver == identities) {
            String snapshot = ProtonMessages.bodyText(message);
            settle(delivery, Accepted.getInstance());
            ParentSession.execute(work, () -> local.parent().applyIdentitySnapshot(snapshot));
        } else if (receiver == desired) {
            TwinSection section = new TwinSection(identity(message), ProtonMessages.bodyText(message), version(message));
            settle(delivery, Accepted.getInstance());
            ParentSession.execute(work, () -> local.parent().applyDesired(section));
        } else if (receiver == methodCalls) {
            methodCall(delivery, message);
        } else if (receiver == cloudToDevice) {
            String device = identity(message).deviceId();
            io.strata.api.message.Message c2d = MessageMapping.fromProton(message).build();
            ParentSession.execute(work, () -> {
                DeliveryState outcome;
                try {
                    local.sendToDevice(device, c2d);
                    outcome = Accepted.getInstance();
                } catch (RuntimeException e) {
                    outcome = rejected(AmqpNames.NOT_FOUND, e.getMessage());
                }
                DeliveryState state = outcome;
                amqp.execute(() -> settle(delivery, state));
            });
        } else {
            settle(delivery, rejected(AmqpNames.NOT_ALLOWED, "nothing is expected on " + receiver.getName()));
        }
    }

    private void methodCall(Delivery delivery, Message request) {
        IdentityId target = identity(request);
        Object method = ProtonMessages.property(request, AmqpNames.METHOD_NAME);
        Long timeoutMillis = ProtonMessages.number(ProtonMessages.annotation(request, AmqpNames.TIMEOUT_MS));
        Duration timeout = timeoutMillis == null ? DEFAULT_METHOD_TIMEOUT : Duration.ofMillis(timeoutMillis);
        Object correlationId = request.getCorrelationId();
        String payload = ProtonMessages.bodyText(request);
        settle(delivery, Accepted.getInstance());
        ParentSession.execute(calls, () -> {
            MethodResult answer = local.invoke(target, String.valueOf(method), payload, timeout);
            amqp.execute(() -> answer(correlationId, answer));
        });
    }

    private void answer(Object correlationId, MethodResult result) {
        if (stopped) {
            return; // the parent times the call out
        }
        Message answer = ProtonMessages.withData(result.payload().getBytes(StandardCharsets.UTF_8));
        answer.setCorrelationId(correlationId);
        ProtonMessages.setProperty(answer, AmqpNames.METHOD_STATUS, result.status());
        OutgoingDeliveries.sendSettled(methodAnswers, ProtonMessages.encode(answer));
    }

    private void putToken() {
        tokenRequest = UUID.randomUUID().toString();
        OutgoingDeliveries.send(cbsRequests,
                ProtonMessages.encode(Cbs.putTokenRequest(tokenRequest, tokens.audience(), tokens.create())));
    }

    private void tokenReply(Message reply) {
        Cbs.Response response = Cbs.parseResponse(reply);
        if (!tokenRequest.equals(ProtonMessages.idText(response.correlationId()))) {
            return;
        }
        if (!response.isOk()) {
            fail("the parent refused this node's SAS token for " + tokens.audience() + ": " + response.status() + " "
                    + response.description() + " (check " + NodeSettings.UPSTREAM_SHARED_ACCESS_KEY + ")");
            return;
        }
        renewal = amqp.schedule(tokens.renewAfter(), this::putToken);
        if (identities == null) {
            openNodeLinks();
        }
    }

    private void openNodeLinks() {
        streamLink = openStream();
        identities = receiver("strata-identities", address(ownDevice, Endpoint.NODE_IDENTITIES));
        desired = receiver("strata-twins-desired", address(ownDevice, Endpoint.NODE_TWINS_DESIRED));
        reported = sender("strata-twins-reported", address(ownDevice, Endpoint.NODE_TWINS_REPORTED));
        methodCalls = receiver("strata-methods-calls", address(ownDevice, Endpoint.NODE_METHODS));
        methodAnswers = sender("strata-methods-answers", address(ownDevice, Endpoint.NODE_METHODS));
        cloudToDevice = receiver("strata-c2d", address(ownDevice, Endpoint.NODE_C2D));
    }

    /** This node's telemetry stream, asked of the parent: the messages of every origin on one link. */
    private Sender openStream() {
        return sender("strata-telemetry-" + UUID.randomUUID(), address(ownDevice, Endpoint.EVENTS),
                AmqpNames.ORIGIN_STREAM);
    }

    /** The parent answered the stream's attach: telemetry takes it if the parent offers it, else a link per origin. */
    private void streamAnswered(Sender link) {
        streamAnswered = true;
        Symbol[] offered = link.getRemoteOfferedCapabilities();
        if (link.getRemoteTarget() != null && offered != null
                && Arrays.asList(offered).contains(AmqpNames.ORIGIN_STREAM)) {
            stream = new TelemetrySender(amqp, link, "the telemetry stream of " + ownDevice);
            return;
        }
        LOG.info("The parent {} offers no telemetry stream: one telemetry link per origin", settings.parentHostname());
        link.setContext(DECLINED_STREAM);
        link.close();
        streamLink = null;
    }

    private TelemetrySender telemetrySender(IdentityId origin) {
        if (stream != null) {
            return stream;
        }
        return telemetry.computeIfAbsent(origin, id -> new TelemetrySender(amqp,
                sender("telemetry-" + id + "-" + UUID.randomUUID(), address(id, Endpoint.EVENTS)), id.toString()));
    }

    private void linkGone(Link link) {
        link.close();
        if (link.getContext() == DECLINED_STREAM) {
            return;
        }
        if (stream != null && link == stream.link() && !stopped) {
            // the connection ends with it and the link connects again after its back-off, asking anew:
            // reopening at once could loop on a parent that keeps refusing
            fail("the parent closed the telemetry stream " + link.getName() + describe(link.getRemoteCondition()));
            return;
        }
        TelemetrySender gone = telemetry.values().stream().filter(sender -> sender.link() == link).findFirst()
                .orElse(null);
        if (gone != null) {
            // the next message of that origin opens a new link; its deliveries failed with this one
            telemetry.values().remove(gone);
            gone.lost(new IllegalStateException("the parent closed the telemetry link " + link.getName()
                    + describe(link.getRemoteCondition())));
            LOG.warn("The parent closed the telemetry link {}{}", link.getName(), describe(link.getRemoteCondition()));
            return;
        }
        if (!stopped) {
            fail("the parent closed the link " + link.getName() + describe(link.getRemoteCondition()));
        }
    }

    /** Ends the connection with a reason the status shows; the owner reconnects. */
    private void fail(String reason) {
        if (error == null) {
            error = reason;
        }
        connected = false;
        amqp.close(null);
    }

    private Sender sender(String name, String address, Symbol... desiredCapabilities) {
        Sender sender = session.sender(name);
        if (desiredCapabilities.length > 0) {
            sender.setDesiredCapabilities(desiredCapabilities);
        }
        Target target = new Target();
        target.setAddress(address);
        sender.setTarget(target);
        Source source = new Source();
        source.setAddress(address);
        sender.setSource(source);
        sender.setSenderSettleMode(SenderSettleMode.UNSETTLED);
        sender.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        sender.open();
        return sender;
    }

    private Receiver receiver(String name, String address) {
        Receiver receiver = session.receiver(name);
        Source source = new Source();
        source.setAddress(address);
        receiver.setSource(source);
        Target target = new Target();
        target.setAddress(address);
        receiver.setTarget(target);
        receiver.open();
        receiver.flow(CREDIT);
        return receiver;
    }

    /** Runs {@code task} on the event loop, or fails {@code done} when the loop is gone. */
    private void onLoop(CompletableFuture<?> done, Runnable task) {
        AmqpConnection connection = amqp;
        if (connection == null) {
            done.completeExceptionally(notConnected());
            return;
        }
        try {
            connection.execute(task);
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new IllegalStateException("the link to the parent is shut down"));
        }
    }

    private IllegalStateException notConnected() {
        return new IllegalStateException("not connected to the parent " + settings.parentHostname());
    }

    private static void settle(Delivery delivery, DeliveryState state) {
        delivery.disposition(state);
        delivery.settle();
    }

    private static Rejected rejected(org.apache.qpid.proton.amqp.Symbol condition, String description) {
        Rejected rejected = new Rejected();
        rejected.setError(new ErrorCondition(condition, description));
        return rejected;
    }

    private static IdentityId identity(Message message) {
        Object identity = ProtonMessages.annotation(message, AmqpNames.IDENTITY);
        if (identity == null) {
            throw new IllegalArgumentException("the message has no '" + AmqpNames.IDENTITY + "' annotation");
        }
        return IdentityId.parse(identity.toString());
    }

    private static long version(Message message) {
        Long version = ProtonMessages.number(ProtonMessages.annotation(message, AmqpNames.VERSION));
        if (version == null) {
            throw new IllegalArgumentException("the message has no '" + AmqpNames.VERSION + "' annotation");
        }
        return version;
    }

    private static String address(IdentityId identity, Endpoint endpoint) {
        return LinkAddress.of(identity, endpoint).toString();
    }

    private static String describe(ErrorCondition condition) {
        if (condition == null || condition.getCondition() == null) {
            return "";
        }
        return ": " + condition.getCondition()
                + (condition.getDescription() == null ? "" : " " + condition.getDescription());
    }
}
