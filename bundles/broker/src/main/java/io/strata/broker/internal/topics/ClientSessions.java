package io.strata.broker.internal.topics;

import io.strata.api.identity.IdentityId;
import java.util.List;

/**
 * What the node links need of the running broker: which clients are connected, which of them are
 * child nodes, and publishing to one of them alone.
 */
public interface ClientSessions extends ClientPublisher {

    boolean isConnected(IdentityId client);

    /** Marks the client's connection as a child node's: it subscribed to its node topics. */
    void markChildNode(String clientId);

    /** The edge device ids of the child nodes connected now. */
    List<String> childNodes();
}
