package io.strata.amqp.internal.server;

import io.strata.amqp.internal.protocol.AmqpNames;
import io.strata.amqp.internal.protocol.LinkAddress.Endpoint;
import io.strata.amqp.internal.protocol.ProtonMessages;
import io.strata.api.identity.IdentityId;
import io.strata.api.node.ChildNodes;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.TwinSection;
import java.util.List;
import java.util.Optional;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.message.Message;

/**
 * The AMQP side of an edge device's {@code $strata} node links: carries what {@link ChildNodes} has
 * for its subtree (identity snapshots and desired sections down, reported sections up).
 */
final class NodeLinks {

    private final ServerServices services;

    NodeLinks(ServerServices services) {
        this.services = services;
    }

    void sendSnapshot(OutboundLink link) {
        String snapshot = services.childNodes.identitySnapshot(link.address.identity().deviceId());
        link.sendSettled(ProtonMessages.withValue(snapshot));
    }

    /** The full set of desired sections, when the link attaches. */
    void sendAllDesired(OutboundLink link) {
        services.childNodes.desiredSections(link.address.identity().deviceId())
                .forEach(section -> sendDesired(link, section));
    }

    /** One changed desired section to the node link of every edge device whose subtree holds it. */
    void desiredChanged(DesiredChange change) {
        List<OutboundLink> links = services.links.nodeLinks(Endpoint.NODE_TWINS_DESIRED);
        if (links.isEmpty()) {
            return;
        }
        Optional<TwinSection> section = services.childNodes.desiredSection(change.identity());
        if (section.isEmpty()) {
            return;
        }
        for (OutboundLink link : links) {
            if (services.childNodes.isInSubtree(link.address.identity().deviceId(), change.identity())) {
                sendDesired(link, section.get());
            }
        }
    }

    private static void sendDesired(OutboundLink link, TwinSection section) {
        Message message = ProtonMessages.withValue(section.section());
        ProtonMessages.annotate(message, AmqpNames.IDENTITY, section.identity().toString());
        ProtonMessages.annotate(message, AmqpNames.VERSION, section.version());
        link.sendSettled(message);
    }

    /** A reported section from the child node, stored as the child's. */
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
        // asked first only to answer with the right condition; storeReported refuses it as well
        if (!services.childNodes.isInSubtree(edgeDeviceId, id)) {
            Outcomes.reject(delivery, AmqpNames.UNAUTHORIZED_ACCESS, id + " is not in the subtree of " + edgeDeviceId);
            return;
        }
        try {
            services.childNodes.storeReported(edgeDeviceId, new TwinSection(id, ProtonMessages.bodyText(message), version));
            Outcomes.accept(delivery);
        } catch (IllegalArgumentException e) {
            Outcomes.reject(delivery, AmqpNames.INVALID_FIELD, e.getMessage());
        }
    }
}
