package io.strata.broker.internal.topics;

import io.strata.api.identity.IdentityId;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What the node links need of the running broker: which clients are connected, which of them are
 * child nodes, and a way to publish to one of them alone.
 */
public interface ClientSessions {

    boolean isConnected(IdentityId client);

    /** Marks the client's connection as a child node's: it subscribed to its node topics. */
    void markChildNode(String clientId);

    /** The edge device ids of the child nodes connected now. */
    List<String> childNodes();

    /** Completes with whether the client was connected and subscribed to the topic, and so got the message. */
    CompletionStage<Boolean> publishToClient(IdentityId client, String topic, byte[] body);
}
