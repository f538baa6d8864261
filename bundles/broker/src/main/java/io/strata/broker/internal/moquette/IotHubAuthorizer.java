package io.strata.broker.internal.moquette;

import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import io.strata.api.identity.Authorizer;
import io.strata.api.identity.IdentityId;
import io.strata.broker.internal.topics.IotHubTopics;
import io.strata.broker.internal.topics.NodeTopics;
import io.strata.broker.internal.topics.TelemetryTopic;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moquette's authorizer. Moquette asks it before it acknowledges a publish or a subscription, so a
 * refusal here means no PUBACK (the client retries) and a failed SUBACK entry; the client's other
 * traffic, and every other client, go on. Under {@code $iothub} clients publish only requests to the
 * edge hub and subscribe only to its answers ({@link IotHubTopics}).
 */
public final class IotHubAuthorizer implements IAuthorizatorPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(IotHubAuthorizer.class);

    private final Authorizer authorizer;

    public IotHubAuthorizer(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        Optional<IdentityId> identity = authenticated(user, client);
        if (identity.isEmpty()) {
            return false;
        }
        String name = topic.toString();
        if (TelemetryTopic.isTelemetry(name) || NodeTopics.isNodeTopic(name)) {
            // InboundPublishHandler takes these before Moquette; only a connection accepted before it was
            // installed gets here, and acknowledging would lose the message: the client sends it again.
            return refuse(client, "publish to", name, "telemetry and node topics are not accepted on this "
                    + "connection yet");
        }
        if (!authorizer.mayPublish(identity.get(), name)) {
            return refuse(client, "publish to", name, "not permitted");
        }
        if (name.startsWith(IotHubTopics.PREFIX) && !IotHubTopics.isRequest(name)) {
            return refuse(client, "publish to", name, "only the edge hub publishes there");
        }
        return true;
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        Optional<IdentityId> identity = authenticated(user, client);
        String filter = topic.toString();
        if (identity.isEmpty()) {
            return false;
        }
        if (!authorizer.maySubscribe(identity.get(), filter)) {
            return refuse(client, "subscribe to", filter, "not permitted");
        }
        // The edge hub answers each client alone; other $iothub topics would show a client others' requests.
        return !filter.startsWith(IotHubTopics.PREFIX) || IotHubTopics.isSubscribable(filter)
                || refuse(client, "subscribe to", filter, "only twin responses, desired patches and method "
                        + "requests can be subscribed to under $iothub");
    }

    /**
     * Moquette passes the user name only once the authenticator accepted it together with this client
     * id, and the authenticator accepts only a client id that is the identity itself.
     */
    private static Optional<IdentityId> authenticated(String user, String client) {
        if (user == null) {
            return Optional.empty();
        }
        return Optional.of(IdentityId.parse(client));
    }

    private static boolean refuse(String client, String action, String topic, String reason) {
        LOG.warn("MQTT client '{}' may not {} '{}': {}", client, action, topic, reason);
        return false;
    }
}
