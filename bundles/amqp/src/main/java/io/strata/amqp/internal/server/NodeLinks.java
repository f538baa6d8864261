package io.strata.amqp.internal.server;

import io.strata.amqp.internal.protocol.AmqpNames;
import io.strata.amqp.internal.protocol.IdentitySnapshot;
import io.strata.amqp.internal.protocol.LinkAddress.Endpoint;
import io.strata.amqp.internal.protocol.ProtonMessages;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of an edge device's {@code $strata} node links: identity snapshots and desired
 * sections of its subtree down, reported sections up.
 */
final class NodeLinks {

    private static final Logger LOG = LoggerFactory.getLogger(NodeLinks.class);

    private final ServerServices services;

    NodeLinks(ServerServices services) {
        this.services = services;
    }

    /** The edge device, every device below it, and the registered modules of all of them. */
    String snapshot(String edgeDeviceId) {
        List<Identity> identities = new ArrayList<>();
        services.registry.find(IdentityId.device(edgeDeviceId)).ifPresent(identities::add);
        identities.addAll(services.registry.modules(edgeDeviceId));
        for (Identity device : services.registry.subtree(edgeDeviceId)) {
            identities.add(device);
            identities.addAll(services.registry.modules(device.id().deviceId()));
        }
        return IdentitySnapshot.toJson(identities);
    }

    void sendSnapshot(OutboundLink link) {
        link.sendSettled(ProtonMessages.withValue(snapshot(link.address.identity().deviceId())));
    }

    /** The full set of desired sections, when the link attaches. */
    void sendAllDesired(OutboundLink link) {
        Optional<TwinService> twins = services.twins.get();
        if (twins.isEmpty()) {
            LOG.warn("No twin service: {} gets no desired sections until it attaches again", link.address);
            return;
        }
        String edgeDeviceId = link.address.identity().deviceId();
        for (IdentityId id : twins.get().twins()) {
            if (services.covers(edgeDeviceId, id)) {
                sendDesired(link, twins.get().get(id));
            }
        }
    }

    /** One changed desired section to the node link of every edge device whose subtree holds it. */
    void desiredChanged(DesiredChange change) {
        List<OutboundLink> links = services.links.nodeLinks(Endpoint.NODE_TWINS_DESIRED);
        if (links.isEmpty()) {
            return;
        }
        services.twins.get().ifPresent(twins -> {
            Twin twin = twins.get(change.identity());
            for (OutboundLink link : links) {
                if (services.covers(link.address.identity().deviceId(), change.identity())) {
                    sendDesired(link, twin);
                }
            }
        });
    }

    private static void sendDesired(OutboundLink link, Twin twin) {
        if (twin.desiredVersion() <= 0) {
            return;
        }
        Message message = ProtonMessages.withValue(twin.desired());
        ProtonMessages.annotate(message, AmqpNames.IDENTITY, twin.identity().toString());
        ProtonMessages.annotate(message, AmqpNames.VERSION, twin.desiredVersion());
        link.sendSettled(message);
    }

    /** A reported section from the child node, applied as the child's. */
    void reported(LinkInfo link, Delivery delivery, Message message) {
        String edgeDeviceId = link.address().identity().deviceId();
        Object identity = ProtonMessages.annotation(message, AmqpNames.IDENTITY);
        Long version = ProtonMessages.number(ProtonMessages.annotation(message, AmqpNames.VERSION));
        IdentityId id;
        try {
            id = IdentityId.parse(String.valueOf(identity));
        } catch (IllegalArgumentException e) {
            Outcomes.reject(delivery, AmqpNames.INVALID_FIELD, "The 'identity' annotation is not valid: " + e.getMessage());
            return;
        }
        if (version == null) {
            Outcomes.reject(delivery, AmqpNames.INVALID_FIELD, "The reported section of " + id + " has no 'version'");
            return;
        }
        if (!services.covers(edgeDeviceId, id)) {
            Outcomes.reject(delivery, AmqpNames.UNAUTHORIZED_ACCESS, id + " is not in the subtree of " + edgeDeviceId);
            return;
        }
        Optional<TwinService> twins = services.twins.get();
        if (twins.isEmpty()) {
            Outcomes.reject(delivery, AmqpNames.INTERNAL_ERROR, "The twin service is not running on this node");
            return;
        }
        try {
            twins.get().syncReported(id, ProtonMessages.bodyText(message), version);
            Outcomes.accept(delivery);
        } catch (IllegalArgumentException e) {
            Outcomes.reject(delivery, AmqpNames.INVALID_FIELD, "The reported section of " + id + " is not valid: "
                    + e.getMessage());
        }
    }
}
