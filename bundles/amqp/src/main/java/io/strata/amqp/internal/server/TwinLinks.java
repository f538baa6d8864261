package io.strata.amqp.internal.server;

import io.strata.amqp.internal.protocol.AmqpNames;
import io.strata.amqp.internal.protocol.LinkAddress.Endpoint;
import io.strata.amqp.internal.protocol.ProtonMessages;
import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.TwinService;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twins over AMQP as IoT Hub serves them on {@code {x}/twin}: the client's requests (annotation
 * {@code operation}: GET, PATCH of the reported properties, PUT / DELETE of the desired
 * notifications) are answered on the client's receiver with the same correlation id, and desired
 * changes go to subscribed clients.
 */
final class TwinLinks {

    static final int OK = 200;
    static final int NO_CONTENT = 204;
    static final int BAD_REQUEST = 400;
    static final int INTERNAL_ERROR = 500;
    static final int SERVICE_UNAVAILABLE = 503;

    private static final Logger LOG = LoggerFactory.getLogger(TwinLinks.class);

    private final ServerServices services;

    TwinLinks(ServerServices services) {
        this.services = services;
    }

    void received(ServerConnection connection, LinkInfo link, Delivery delivery, Message request) {
        IdentityId id = link.address().identity();
        Object correlationId = request.getProperties() == null ? null : request.getProperties().getCorrelationId();
        Object operation = ProtonMessages.annotation(request, AmqpNames.OPERATION);
        LOG.debug("Twin request {} {} of {}", operation, correlationId, id);
        Outcomes.accept(delivery);
        Optional<TwinService> twins = services.twins.get();
        if (twins.isEmpty()) {
            answer(connection, id, correlationId, SERVICE_UNAVAILABLE, null,
                    Json.message("The twin service is not running on this node"));
            return;
        }
        try {
            String op = operation == null ? "" : operation.toString();
            switch (op) {
                case AmqpNames.TWIN_GET -> answer(connection, id, correlationId, OK, null,
                        twins.get().document(id, false));
                case AmqpNames.TWIN_PATCH -> {
                    try {
                        long version = twins.get().patchReported(id, ProtonMessages.bodyText(request));
                        answer(connection, id, correlationId, NO_CONTENT, version, null);
                    } catch (IllegalArgumentException e) {
                        answer(connection, id, correlationId, BAD_REQUEST, null, Json.message(e.getMessage()));
                    }
                }
                case AmqpNames.TWIN_PUT -> {
                    connection.subscribeDesired(id, true);
                    answer(connection, id, correlationId, OK, null, null);
                }
                case AmqpNames.TWIN_DELETE -> {
                    connection.subscribeDesired(id, false);
                    answer(connection, id, correlationId, OK, null, null);
                }
                default -> answer(connection, id, correlationId, BAD_REQUEST, null, Json.message(
                        "Unknown twin operation '" + op + "': use GET, PATCH, PUT or DELETE"));
            }
        } catch (RuntimeException e) {
            LOG.warn("Twin request of {} failed", id, e);
            answer(connection, id, correlationId, INTERNAL_ERROR, null,
                    Json.message("The edge hub could not serve the twin request; its log says why"));
        }
    }

    /** Tells a subscribed client of its desired change. */
    void desiredChanged(DesiredChange change) {
        services.links.find(change.identity(), Endpoint.TWIN).ifPresent(link -> link.connection.amqp().execute(() -> {
            if (link.connection.isSubscribedToDesired(change.identity())) {
                Message notification = ProtonMessages.withData(change.notification().getBytes(StandardCharsets.UTF_8));
                ProtonMessages.annotate(notification, AmqpNames.VERSION, change.version());
                link.sendSettled(notification);
            }
        }));
    }

    private void answer(ServerConnection connection, IdentityId id, Object correlationId, int status, Long version,
            String body) {
        Optional<OutboundLink> link = services.links.find(id, Endpoint.TWIN)
                .filter(candidate -> candidate.connection == connection);
        if (link.isEmpty()) {
            LOG.debug("{} sent a twin request but has no twin receiver link for the answer", id);
            return;
        }
        LOG.debug("Twin answer {} to {} of {}, credit {}", status, correlationId, id, link.get().sender.getCredit());
        Message response = ProtonMessages.withData(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        Properties properties = new Properties();
        properties.setCorrelationId(correlationId);
        response.setProperties(properties);
        ProtonMessages.annotate(response, AmqpNames.STATUS, status);
        ProtonMessages.annotate(response, AmqpNames.VERSION, version);
        link.get().sendSettled(response);
    }
}
