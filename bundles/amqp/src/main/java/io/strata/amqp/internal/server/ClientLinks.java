package io.strata.amqp.internal.server;

import io.strata.amqp.internal.protocol.LinkAddress;
import io.strata.amqp.internal.protocol.LinkAddress.Endpoint;
import io.strata.api.identity.IdentityId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Every open link of the listener's connections that the node sends on, by address, and how many
 * links of any kind each identity has open: the directory the {@code ClientTransport} side uses from
 * any thread. A newer link for the same address replaces the older one (a client that reconnected).
 */
final class ClientLinks {

    private final Map<LinkAddress, OutboundLink> outbound = new ConcurrentHashMap<>();
    private final Map<IdentityId, Integer> openLinks = new ConcurrentHashMap<>();

    void put(OutboundLink link) {
        outbound.put(link.address, link);
    }

    void remove(OutboundLink link) {
        outbound.remove(link.address, link);
    }

    Optional<OutboundLink> find(IdentityId id, Endpoint endpoint) {
        return Optional.ofNullable(outbound.get(LinkAddress.of(id, endpoint)));
    }

    /** The open node links of one kind, of every edge device. */
    List<OutboundLink> nodeLinks(Endpoint endpoint) {
        List<OutboundLink> links = new ArrayList<>();
        outbound.forEach((address, link) -> {
            if (address.endpoint() == endpoint) {
                links.add(link);
            }
        });
        return links;
    }

    /** The node link of this kind of an edge device whose subtree holds {@code target}. */
    Optional<OutboundLink> nodeLinkFor(Endpoint endpoint, Predicate<OutboundLink> covers) {
        return nodeLinks(endpoint).stream().filter(covers).findFirst();
    }

    void linkOpened(IdentityId id) {
        openLinks.merge(id, 1, Integer::sum);
    }

    void linkClosed(IdentityId id) {
        openLinks.computeIfPresent(id, (key, count) -> count <= 1 ? null : count - 1);
    }

    boolean hasOpenLink(IdentityId id) {
        return openLinks.containsKey(id);
    }
}
