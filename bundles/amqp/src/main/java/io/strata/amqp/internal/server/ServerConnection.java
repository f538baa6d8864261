package io.strata.amqp.internal.server;

import io.strata.amqp.internal.engine.AmqpConnection;
import io.strata.amqp.internal.engine.AmqpHandler;
import io.strata.amqp.internal.engine.IncomingDeliveries;
import io.strata.amqp.internal.engine.OutgoingDeliveries;
import io.strata.amqp.internal.protocol.AmqpNames;
import io.strata.amqp.internal.protocol.BatchedMessages;
import io.strata.amqp.internal.protocol.Cbs;
import io.strata.amqp.internal.protocol.LinkAddress;
import io.strata.amqp.internal.protocol.LinkAddress.Endpoint;
import io.strata.amqp.internal.protocol.ProtonMessages;
import io.strata.api.identity.AuthenticationResult;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.SasToken;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the listener: SASL (PLAIN with a SAS token, EXTERNAL with the TLS client
 * certificate, ANONYMOUS followed by CBS put-token), the authorization of every link attach, and the
 * deliveries of its links. Runs on the connection's event loop.
 */
final class ServerConnection extends AmqpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);
    /** Transfers a client may send ahead on a link; topped up by half at once. */
    private static final int CREDIT = 1000;
    /** Bytes a client may have in flight on a session: room for several full batches. */
    private static final int SESSION_CAPACITY = 4 * 1024 * 1024;
    private static final int IDLE_TIMEOUT_MILLIS = 240_000;
    private static final Duration EXPIRY_CHECK = Duration.ofSeconds(1);
    private static final Duration SNAPSHOT_DEBOUNCE = Duration.ofMillis(200);
    /** Headers and annotations may add this much to a message's body before we call it oversized. */
    private static final int ENVELOPE_BYTES = 64 * 1024;

    private final ServerServices services;
    private final TelemetryLinks telemetry;
    private final TwinLinks twinLinks;
    private final NodeLinks nodeLinks;
    private final ConnectionIdentities identities = new ConnectionIdentities();
    private final Set<IdentityId> desiredSubscribers = new HashSet<>();
    private final Set<OutboundLink> snapshotsDue = new HashSet<>();
    private AmqpConnection amqp;
    private List<X509Certificate> externalChain;
    private boolean externalNamed;
    private Sender cbsReplies;
    private ScheduledFuture<?> expiryCheck;

    ServerConnection(ServerServices services, TelemetryLinks telemetry, TwinLinks twinLinks, NodeLinks nodeLinks) {
        this.services = services;
        this.telemetry = telemetry;
        this.twinLinks = twinLinks;
        this.nodeLinks = nodeLinks;
    }

    AmqpConnection amqp() {
        return amqp;
    }

    @Override
    public void onStart(AmqpConnection connection) {
        this.amqp = connection;
        Transport transport = connection.transport();
        transport.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        Sasl sasl = transport.sasl();
        sasl.server();
        sasl.setMechanisms(AmqpNames.SASL_PLAIN, AmqpNames.SASL_EXTERNAL, AmqpNames.SASL_ANONYMOUS);
        sasl.setListener(new SaslServer());
        expiryCheck = scheduleExpiryCheck();
        services.connections.add(this);
    }

    @Override
    public void onStop(AmqpConnection connection, Throwable cause) {
        services.connections.remove(this);
        if (expiryCheck != null) {
            expiryCheck.cancel(false);
        }
        for (Link link = connection.connection().linkHead(null, null); link != null; link = link.next(null, null)) {
            forget(link);
        }
        services.clientConnections.get().ifPresent(clients -> identities.all()
                .forEach(id -> clients.disconnected(id, ServerServices.TRANSPORT)));
        LOG.debug("AMQP connection from {} closed{}", connection.remoteAddress(),
                cause == null ? "" : ": " + cause.getMessage());
    }

    @Override
    public void onConnectionRemoteOpen(Event event) {
        Connection connection = event.getConnection();
        connection.setContainer(services.hostname);
        connection.open();
    }

    @Override
    public void onConnectionRemoteClose(Event event) {
        event.getConnection().close();
    }

    @Override
    public void onSessionRemoteOpen(Event event) {
        Session session = event.getSession();
        session.setIncomingCapacity(Math.max(SESSION_CAPACITY, services.maxMessageBytes * 2));
        session.open();
    }

    @Override
    public void onSessionRemoteClose(Event event) {
        event.getSession().close();
    }

    @Override
    public void onLinkRemoteClose(Event event) {
        Link link = event.getLink();
        forget(link);
        link.close();
    }

    @Override
    public void onLinkRemoteDetach(Event event) {
        Link link = event.getLink();
        forget(link);
        link.detach();
    }

    @Override
    public void onLinkRemoteOpen(Event event) {
        Link link = event.getLink();
        if (link.getLocalState() != EndpointState.UNINITIALIZED) {
            return;
        }
        boolean clientSends = link instanceof Receiver;
        String address = clientSends
                ? link.getRemoteTarget() == null ? null : link.getRemoteTarget().getAddress()
                : link.getRemoteSource() == null ? null : ((Source) link.getRemoteSource()).getAddress();
        if (AmqpNames.CBS_ADDRESS.equals(address)) {
            link.setContext(LinkInfo.CBS);
            openLink(link);
            if (!clientSends) {
                cbsReplies = (Sender) link;
            }
            return;
        }
        LinkAddress parsed;
        try {
            parsed = LinkAddress.parse(address);
        } catch (IllegalArgumentException e) {
            refuse(link, AmqpNames.NOT_FOUND, e.getMessage());
            return;
        }
        String roleProblem = roleProblem(parsed.endpoint(), clientSends, parsed.identity().isModule());
        if (roleProblem != null) {
            refuse(link, AmqpNames.NOT_ALLOWED, "Link " + parsed + ": " + roleProblem);
            return;
        }
        IdentityId authorizedBy;
        try {
            authorizedBy = authorize(parsed);
        } catch (SecurityException e) {
            LOG.warn("AMQP link {} from {} refused: {}", parsed, amqp.remoteAddress(), e.getMessage());
            refuse(link, AmqpNames.UNAUTHORIZED_ACCESS, e.getMessage());
            return;
        }
        boolean stream = isStreamAsked(link, parsed, authorizedBy);
        LinkInfo info = new LinkInfo(parsed, authorizedBy, stream ? new StreamOrigins() : null);
        link.setContext(info);
        if (stream) {
            link.setOfferedCapabilities(new Symbol[] {AmqpNames.ORIGIN_STREAM});
        }
        openLink(link);
        services.links.linkOpened(parsed.identity());
        if (link instanceof Sender sender) {
            OutboundLink outbound = new OutboundLink(this, sender, parsed);
            sender.attachments().set(OutboundLink.class, OutboundLink.class, outbound);
            services.links.put(outbound);
            switch (parsed.endpoint()) {
                case NODE_IDENTITIES -> nodeLinks.sendSnapshot(outbound);
                case NODE_TWINS_DESIRED -> nodeLinks.sendAllDesired(outbound);
                default -> {
                }
            }
        }
        LOG.debug("AMQP link {} of {} open", parsed, authorizedBy);
    }

    @Override
    public void onDelivery(Event event) {
        Delivery delivery = event.getDelivery();
        if (!(delivery.getLink() instanceof Receiver receiver) || !(receiver.getContext() instanceof LinkInfo info)) {
            return;
        }
        boolean batch = delivery.getMessageFormat() == BatchedMessages.FORMAT;
        if (delivery.isPartial()) {
            int limit = batch ? Math.max(services.maxMessageBytes, BatchedMessages.MAX_BYTES) : services.maxMessageBytes;
            if (delivery.pending() > limit + ENVELOPE_BYTES) {
                receiver.setCondition(new ErrorCondition(AmqpNames.MESSAGE_SIZE_EXCEEDED, "A "
                        + (batch ? "batch" : "message") + " on " + describe(info) + " exceeds the " + limit
                        + " bytes this node accepts"));
                forget(receiver);
                receiver.close();
            }
            return;
        }
        byte[] bytes = IncomingDeliveries.read(delivery);
        if (bytes == null) {
            return;
        }
        IncomingDeliveries.replenish(receiver, CREDIT);
        if (batch) {
            receivedBatch(info, delivery, bytes);
            return;
        }
        org.apache.qpid.proton.message.Message message;
        try {
            message = ProtonMessages.decode(bytes);
        } catch (IllegalArgumentException e) {
            Outcomes.reject(delivery, AmqpNames.DECODE_ERROR, e.getMessage());
            return;
        }
        try {
            if (info.isCbs()) {
                cbsRequest(delivery, message);
                return;
            }
            switch (info.address().endpoint()) {
                case EVENTS -> telemetry.received(this, info, delivery, List.of(new ReceivedMessage(bytes, message)));
                case TWIN -> twinLinks.received(this, info, delivery, message);
                case METHODS, NODE_METHODS -> {
                    if (services.methods.answered(this, message)) {
                        Outcomes.accept(delivery);
                    } else {
                        Outcomes.reject(delivery, AmqpNames.NOT_FOUND, "No method request waits for correlation id "
                                + (message.getProperties() == null ? null : message.getProperties().getCorrelationId()));
                    }
                }
                case NODE_TWINS_REPORTED -> nodeLinks.reported(info, delivery, message);
                default -> Outcomes.reject(delivery, AmqpNames.NOT_ALLOWED, describe(info) + " takes no messages");
            }
        } catch (IllegalArgumentException e) {
            Outcomes.reject(delivery, AmqpNames.DECODE_ERROR, e.getMessage());
        }
    }

    /** Several messages in one transfer: telemetry links take them, as IoT Hub does. */
    private void receivedBatch(LinkInfo info, Delivery delivery, byte[] bytes) {
        if (info.isCbs() || info.address().endpoint() != Endpoint.EVENTS) {
            Outcomes.reject(delivery, AmqpNames.NOT_ALLOWED, describe(info) + " takes no batched messages");
            return;
        }
        List<ReceivedMessage> messages;
        try {
            messages = BatchedMessages.decode(bytes).stream()
                    .map(encoded -> new ReceivedMessage(encoded, ProtonMessages.decode(encoded))).toList();
        } catch (IllegalArgumentException e) {
            Outcomes.reject(delivery, AmqpNames.DECODE_ERROR, e.getMessage());
            return;
        }
        if (messages.isEmpty()) {
            Outcomes.reject(delivery, AmqpNames.DECODE_ERROR, "The batch holds no message");
            return;
        }
        telemetry.received(this, info, delivery, messages);
    }

    void subscribeDesired(IdentityId id, boolean subscribe) {
        if (subscribe) {
            desiredSubscribers.add(id);
        } else {
            desiredSubscribers.remove(id);
        }
    }

    boolean isSubscribedToDesired(IdentityId id) {
        return desiredSubscribers.contains(id);
    }

    /** Sends a fresh snapshot on the link ~200 ms from now, once however many changes come meanwhile. */
    void snapshotDue(OutboundLink link) {
        amqp.execute(() -> {
            if (snapshotsDue.add(link)) {
                amqp.schedule(SNAPSHOT_DEBOUNCE, () -> {
                    snapshotsDue.remove(link);
                    if (link.sender.getLocalState() == EndpointState.ACTIVE) {
                        nodeLinks.sendSnapshot(link);
                    }
                });
            }
        });
    }

    /**
     * Whether the link is to be an edge device's telemetry stream: it asked for one, on its own events
     * address, authenticated as itself.
     */
    private boolean isStreamAsked(Link link, LinkAddress address, IdentityId authorizedBy) {
        Symbol[] desired = link.getRemoteDesiredCapabilities();
        return link instanceof Receiver && address.endpoint() == Endpoint.EVENTS
                && address.identity().equals(authorizedBy) && services.isEdgeDevice(authorizedBy)
                && desired != null && Arrays.asList(desired).contains(AmqpNames.ORIGIN_STREAM);
    }

    /**
     * Whether a message on a telemetry stream may come from {@code origin}: the edge device itself, or a
     * device or module of its subtree (checked once per origin and link until identities change).
     */
    boolean permitsOrigin(LinkInfo stream, IdentityId origin) {
        return origin.equals(stream.authorizedBy())
                || stream.stream().permits(origin, id -> mayActOnBehalf(stream.authorizedBy(), id));
    }

    /**
     * The identity whose authentication on this connection permits a link for {@code address}.
     *
     * @throws SecurityException naming the identity and why it may not
     */
    private IdentityId authorize(LinkAddress address) {
        IdentityId id = address.identity();
        Instant now = services.clock.instant();
        if (!identities.isAuthenticated(id, now) && externalChain != null && !externalNamed) {
            ConnectionIdentities.Proof proof = ConnectionIdentities.Proof.certificate(externalChain);
            authenticated(id, verify(id, proof), proof);
        }
        IdentityId authorizedBy = null;
        if (identities.isAuthenticated(id, now)) {
            if (!services.authorizer.mayConnect(id)) {
                throw new SecurityException(id + " may not connect to this node");
            }
            authorizedBy = id;
        } else {
            for (IdentityId edge : identities.valid(now)) {
                if (mayActOnBehalf(edge, id)) {
                    authorizedBy = edge;
                    break;
                }
            }
        }
        if (authorizedBy == null) {
            throw new SecurityException(id + " is not authenticated on this connection, nor a device or module below"
                    + " an edge device that is");
        }
        if (address.endpoint().isNodeLink() && !services.isEdgeDevice(id)) {
            throw new SecurityException(id + " is not an edge device: only edge devices have " + address.endpoint().path());
        }
        return authorizedBy;
    }

    private void cbsRequest(Delivery delivery, org.apache.qpid.proton.message.Message request) {
        Object messageId = request.getProperties() == null ? null : request.getProperties().getMessageId();
        int status;
        String description;
        try {
            Cbs.PutToken putToken = Cbs.parseRequest(request);
            IdentityId id = identityOfPutToken(putToken);
            // On a SASL EXTERNAL connection the first put-token only names the certificate's identity.
            boolean byCertificate = externalChain != null && !externalNamed;
            ConnectionIdentities.Proof proof = byCertificate ? ConnectionIdentities.Proof.certificate(externalChain)
                    : ConnectionIdentities.Proof.token(putToken.token());
            AuthenticationResult result = verify(id, proof);
            authenticated(id, result, proof);
            status = result.isAuthenticated() ? Cbs.OK : Cbs.UNAUTHORIZED;
            description = result.isAuthenticated() ? "OK" : "Unauthorized: " + id + " (" + result.outcome() + ")";
        } catch (IllegalArgumentException e) {
            status = Cbs.BAD_REQUEST;
            description = e.getMessage();
        }
        Outcomes.accept(delivery);
        if (cbsReplies == null || cbsReplies.getLocalState() != EndpointState.ACTIVE) {
            LOG.debug("CBS answer {} for {} not sent: the client has no $cbs receiver", status, amqp.remoteAddress());
            return;
        }
        OutgoingDeliveries.sendSettled(cbsReplies, ProtonMessages.encode(Cbs.response(messageId, status, description)));
    }

    /**
     * The identity a put-token authenticates: the one it names, or the module its token names when it
     * names that module's device, as the Azure IoT SDKs' module clients do (IoT Hub and IoT Edge
     * accept that).
     */
    private static IdentityId identityOfPutToken(Cbs.PutToken putToken) {
        IdentityId named = identityOfResource(putToken.name());
        if (named.isModule()) {
            return named;
        }
        try {
            IdentityId module = identityOfResource(SasToken.parse(putToken.token()).resource());
            return module.isModule() && module.deviceId().equals(named.deviceId()) ? module : named;
        } catch (IllegalArgumentException noTokenOfAnIdentity) {
            return named;
        }
    }

    /** {@code [amqps://]{hostname}/devices/{d}[/modules/{m}]} → the identity. */
    private static IdentityId identityOfResource(String resource) {
        int devices = resource.indexOf("/devices/");
        if (devices < 0) {
            throw new IllegalArgumentException("The CBS resource '" + resource
                    + "' is not {hostname}/devices/{deviceId}[/modules/{moduleId}]");
        }
        String[] parts = resource.substring(devices + "/devices/".length()).split("/");
        if (parts.length == 1) {
            return IdentityId.device(parts[0]);
        }
        if (parts.length == 3 && parts[1].equals("modules")) {
            return IdentityId.module(parts[0], parts[2]);
        }
        throw new IllegalArgumentException("The CBS resource '" + resource
                + "' is not {hostname}/devices/{deviceId}[/modules/{moduleId}]");
    }

    /** Whether the proof authenticates the identity now, and the identity may connect to this node. */
    private AuthenticationResult verify(IdentityId id, ConnectionIdentities.Proof proof) {
        AuthenticationResult result = proof.check(services.authenticator, id);
        if (result.isAuthenticated() && !services.authorizer.mayConnect(id)) {
            return AuthenticationResult.refused(id, AuthenticationResult.Outcome.UNKNOWN_IDENTITY,
                    id + " may not connect to this node");
        }
        return result;
    }

    /** Whether an edge device authenticated here may serve {@code id}: a device or module of its subtree. */
    private boolean mayActOnBehalf(IdentityId edge, IdentityId id) {
        return services.isEdgeDevice(edge) && services.childNodes.isInSubtree(edge.deviceId(), id)
                && (id.isModule() || services.authorizer.mayConnect(id));
    }

    private void authenticated(IdentityId id, AuthenticationResult result, ConnectionIdentities.Proof proof) {
        if (!result.isAuthenticated()) {
            LOG.warn("AMQP authentication of {} from {} refused: {} ({})", id, amqp.remoteAddress(), result.outcome(),
                    result.detail());
            return;
        }
        if (proof.token() == null) {
            externalNamed = true;
        }
        boolean first = !identities.all().contains(id);
        identities.add(id, result.validUntil(), proof);
        amqp.authenticated();
        if (first) {
            services.clientConnections.get().ifPresent(clients -> clients.connected(id, ServerServices.TRANSPORT));
            LOG.info("{} connected over AMQP from {}", id, amqp.remoteAddress());
        }
    }

    /**
     * Checks every identity of this connection again, as identities changed: one that was disabled,
     * removed, re-keyed or moved out of this node's subtree loses its links, and the connection closes
     * with its last identity. Links an edge device opened on behalf of a device or module that left
     * its subtree close too; a telemetry stream checks each origin again.
     */
    void checkCredentials() {
        amqp.execute(() -> {
            identities.proofs().forEach((id, proof) -> {
                AuthenticationResult result = verify(id, proof);
                if (!result.isAuthenticated()) {
                    revoke(id, id + " no longer authenticates: " + result.outcome() + " (" + result.detail() + ")");
                }
            });
            for (Link link = amqp.connection().linkHead(null, null); link != null; link = link.next(null, null)) {
                if (!(link.getContext() instanceof LinkInfo info)) {
                    continue;
                }
                if (info.isStream()) {
                    info.stream().forget(); // its origins are checked again as their next messages come
                }
                if (info.onBehalf() && !mayActOnBehalf(info.authorizedBy(), info.address().identity())) {
                    closeLink(link, info.address().identity() + " is no longer below " + info.authorizedBy());
                }
            }
        });
    }

    /** Ends an identity on this connection: its links close, and the connection with its last identity. */
    private void revoke(IdentityId id, String reason) {
        identities.remove(id);
        LOG.info("AMQP connection from {}: {}", amqp.remoteAddress(), reason);
        services.clientConnections.get().ifPresent(clients -> clients.disconnected(id, ServerServices.TRANSPORT));
        for (Link link = amqp.connection().linkHead(null, null); link != null; link = link.next(null, null)) {
            if (link.getContext() instanceof LinkInfo info && id.equals(info.authorizedBy())) {
                closeLink(link, reason);
            }
        }
        if (identities.isEmpty()) {
            amqp.close(new ErrorCondition(AmqpNames.UNAUTHORIZED_ACCESS, reason));
        }
    }

    private void closeLink(Link link, String reason) {
        if (link.getLocalState() == EndpointState.ACTIVE) {
            link.setCondition(new ErrorCondition(AmqpNames.UNAUTHORIZED_ACCESS, reason));
            forget(link);
            link.close();
        }
    }

    private ScheduledFuture<?> scheduleExpiryCheck() {
        return amqp.schedule(EXPIRY_CHECK, () -> {
            for (IdentityId id : identities.expired(services.clock.instant())) {
                revoke(id, "the credential of " + id + " expired; put a new token and attach again");
            }
            if (amqp.isOpen()) {
                expiryCheck = scheduleExpiryCheck();
            }
        });
    }

    /** Opens a link the listener accepts: our end mirrors the client's terminus. */
    private void openLink(Link link) {
        link.setSource(link.getRemoteSource());
        link.setTarget(link.getRemoteTarget());
        link.open();
        if (link instanceof Receiver receiver) {
            receiver.flow(CREDIT);
        }
    }

    /** Refuses an attach: answered with no terminus on our side, then detached with the reason. */
    private void refuse(Link link, Symbol condition, String description) {
        if (link instanceof Receiver) {
            link.setSource(link.getRemoteSource());
            link.setTarget(null);
        } else {
            link.setSource(null);
            link.setTarget(link.getRemoteTarget() == null ? new Target() : link.getRemoteTarget());
        }
        link.setCondition(new ErrorCondition(condition, description));
        link.open();
        link.close();
    }

    /** Drops a link from the directories, once. */
    private void forget(Link link) {
        if (!(link.getContext() instanceof LinkInfo info) || info.isCbs()) {
            if (link == cbsReplies) {
                cbsReplies = null;
            }
            return;
        }
        link.setContext(null);
        services.links.linkClosed(info.address().identity());
        OutboundLink outbound = link.attachments().get(OutboundLink.class, OutboundLink.class);
        if (outbound != null) {
            services.links.remove(outbound);
        }
    }

    private static String roleProblem(Endpoint endpoint, boolean clientSends, boolean module) {
        return switch (endpoint) {
            case EVENTS -> !clientSends && !module ? "a device has no inputs to receive from" : null;
            case DEVICEBOUND, NODE_IDENTITIES, NODE_TWINS_DESIRED, NODE_C2D -> clientSends
                    ? "the client can only receive on it" : null;
            case NODE_TWINS_REPORTED -> clientSends ? null : "the client can only send on it";
            case METHODS, TWIN, NODE_METHODS -> null;
        };
    }

    private static String describe(LinkInfo info) {
        return info.isCbs() ? AmqpNames.CBS_ADDRESS : info.address().toString();
    }

    /** SASL: PLAIN authenticates the identity named in the user name with the SAS token password. */
    private final class SaslServer implements SaslListener {

        @Override
        public void onSaslInit(Sasl sasl, Transport transport) {
            String[] mechanisms = sasl.getRemoteMechanisms();
            String mechanism = mechanisms.length == 0 ? "" : mechanisms[0];
            byte[] response = new byte[Math.max(0, sasl.pending())];
            sasl.recv(response, 0, response.length);
            boolean ok = switch (mechanism) {
                case AmqpNames.SASL_ANONYMOUS -> true;
                case AmqpNames.SASL_EXTERNAL -> {
                    List<X509Certificate> chain = amqp.peerCertificates();
                    if (chain.isEmpty()) {
                        LOG.warn("SASL EXTERNAL from {} refused: no TLS client certificate", amqp.remoteAddress());
                        yield false;
                    }
                    externalChain = chain;
                    yield true;
                }
                case AmqpNames.SASL_PLAIN -> plain(response);
                default -> {
                    LOG.warn("SASL mechanism '{}' from {} refused", mechanism, amqp.remoteAddress());
                    yield false;
                }
            };
            sasl.done(ok ? Sasl.SaslOutcome.PN_SASL_OK : Sasl.SaslOutcome.PN_SASL_AUTH);
        }

        /** {@code [authzid] NUL {d}[/{m}]@sas.{hostname} NUL {sas token}}. */
        private boolean plain(byte[] response) {
            String[] parts = new String(response, StandardCharsets.UTF_8).split("\0", -1);
            if (parts.length != 3) {
                LOG.warn("SASL PLAIN from {} refused: malformed response", amqp.remoteAddress());
                return false;
            }
            String user = parts[1];
            int at = user.indexOf("@sas.");
            IdentityId id;
            try {
                id = IdentityId.parse(at < 0 ? user : user.substring(0, at));
            } catch (IllegalArgumentException e) {
                LOG.warn("SASL PLAIN from {} refused: user '{}' names no identity", amqp.remoteAddress(), user);
                return false;
            }
            ConnectionIdentities.Proof proof = ConnectionIdentities.Proof.token(parts[2]);
            AuthenticationResult result = verify(id, proof);
            authenticated(id, result, proof);
            return result.isAuthenticated();
        }

        @Override
        public void onSaslMechanisms(Sasl sasl, Transport transport) {
        }

        @Override
        public void onSaslChallenge(Sasl sasl, Transport transport) {
        }

        @Override
        public void onSaslResponse(Sasl sasl, Transport transport) {
        }

        @Override
        public void onSaslOutcome(Sasl sasl, Transport transport) {
        }
    }
}
