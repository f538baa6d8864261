package io.strata.broker.internal.moquette;

import io.moquette.broker.subscriptions.Topic;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptSubscribeMessage;
import io.strata.broker.internal.topics.ChildNodeSessions;
import io.strata.broker.internal.topics.NodeTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells {@link ChildNodeSessions} of every subscription Moquette granted that covers the client's
 * own node topics, matched as Moquette matches; Moquette calls this after the subscription is in the
 * client's session, so what is sent at once reaches the client.
 */
public final class ChildNodeSubscriptions extends AbstractInterceptHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ChildNodeSubscriptions.class);

    private final ChildNodeSessions sessions;

    public ChildNodeSubscriptions(ChildNodeSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public String getID() {
        return "strata-child-node-subscriptions";
    }

    @Override
    public Class<?>[] getInterceptedMessageTypes() {
        return new Class<?>[] {InterceptSubscribeMessage.class};
    }

    @Override
    public void onSubscribe(InterceptSubscribeMessage subscription) {
        try {
            String clientId = subscription.getClientID();
            if (new Topic(NodeTopics.identities(clientId)).match(new Topic(subscription.getTopicFilter()))) {
                sessions.subscribedToNodeTopics(clientId);
            }
        } catch (RuntimeException e) {
            LOG.warn("Child node {} did not get its state on subscribing to {}: {}", subscription.getClientID(),
                    subscription.getTopicFilter(), e.toString(), e);
        }
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        // IotHubRequestInterceptor logs it: Moquette tells every interceptor.
    }
}
