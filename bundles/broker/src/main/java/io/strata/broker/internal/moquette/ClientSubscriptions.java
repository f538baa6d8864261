package io.strata.broker.internal.moquette;

import io.moquette.broker.subscriptions.Subscription;
import io.moquette.broker.subscriptions.Topic;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What one connection's client is subscribed to, so that a delivery need not ask Moquette's session
 * loop. It follows the SUBACKs and UNSUBACKs of the connection's event loop (the only writer); a
 * session that the client resumed starts from what Moquette's session kept. Readers on any thread see
 * the last state written.
 */
final class ClientSubscriptions {

    private volatile Map<Topic, MqttQoS> qosOfFilter = Map.of();
    private final CompletableFuture<ClientSubscriptions> known = new CompletableFuture<>();

    /** The client starts without a stored session: nothing is subscribed yet. */
    void startedEmpty() {
        known.complete(this);
    }

    /** The client resumed a stored session with these subscriptions; those of this connection stay. */
    void resumed(Collection<Subscription> stored) {
        Map<Topic, MqttQoS> merged = new HashMap<>();
        stored.forEach(subscription -> merged.put(subscription.getTopicFilter(), subscription.getRequestedQos()));
        merged.putAll(qosOfFilter);
        qosOfFilter = Map.copyOf(merged);
        known.complete(this);
    }

    void subscribed(String filter, MqttQoS qos) {
        Map<Topic, MqttQoS> changed = new HashMap<>(qosOfFilter);
        changed.put(new Topic(filter), qos);
        qosOfFilter = Map.copyOf(changed);
    }

    void unsubscribed(String filter) {
        Map<Topic, MqttQoS> changed = new HashMap<>(qosOfFilter);
        changed.remove(new Topic(filter));
        qosOfFilter = Map.copyOf(changed);
    }

    /** Completes once the subscriptions are known: at once, unless a stored session is still being read. */
    CompletionStage<ClientSubscriptions> whenKnown() {
        return known;
    }

    /**
     * The QoS at which the client gets a publish to the topic (at most 1, as the edge hub never sends
     * QoS 2): empty when it is not subscribed to it.
     */
    Optional<MqttQoS> qosFor(String topic) {
        Topic target = new Topic(topic);
        Optional<MqttQoS> best = Optional.empty();
        for (Map.Entry<Topic, MqttQoS> subscription : qosOfFilter.entrySet()) {
            if (target.match(subscription.getKey())) {
                if (subscription.getValue() != MqttQoS.AT_MOST_ONCE) {
                    return Optional.of(MqttQoS.AT_LEAST_ONCE);
                }
                best = Optional.of(MqttQoS.AT_MOST_ONCE);
            }
        }
        return best;
    }
}
