package io.strata.broker.internal.topics;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.node.ChildNodes;
import io.strata.api.twin.TwinSection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parent's side of the MQTT node links: a connected edge device that subscribed to its node topics
 * is a child node, and gets the identity snapshot and desired sections of its subtree, on subscribing
 * (the full state: the child needs nothing else after a reconnect) and on each change. Which identities
 * belong to which child node is the {@link ChildNodes} service's to say.
 */
public final class ChildNodeSessions {

    /** Identity changes come in bursts (a device and its modules): one snapshot after the burst does. */
    static final Duration IDENTITY_DEBOUNCE = Duration.ofMillis(200);

    private static final Logger LOG = LoggerFactory.getLogger(ChildNodeSessions.class);

    private final Supplier<Optional<ClientSessions>> broker;
    private final Supplier<Optional<ChildNodes>> childNodes;
    private final ScheduledExecutorService debounce = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "strata-mqtt-node-identities"));
    private final AtomicBoolean snapshotPending = new AtomicBoolean();
    /** The snapshot each child node got last: only a changed one is sent again. */
    private final Map<String, String> lastSnapshots = new ConcurrentHashMap<>();

    public ChildNodeSessions(Supplier<Optional<ClientSessions>> broker, Supplier<Optional<ChildNodes>> childNodes) {
        this.broker = broker;
        this.childNodes = childNodes;
    }

    /**
     * A client subscribed to its own node topics ({@link NodeTopics#identities}): unless it is a module,
     * it is a child node, and gets the full state.
     */
    public void subscribedToNodeTopics(String clientId) {
        if (IdentityId.parse(clientId).isModule()) {
            return;
        }
        Optional<ClientSessions> running = broker.get();
        Optional<ChildNodes> nodes = childNodes.get();
        if (running.isEmpty() || nodes.isEmpty()) {
            LOG.warn("Child node {} subscribed to its node topics while the edge hub's child node service is not "
                    + "running: it gets its state when it subscribes again", clientId);
            return;
        }
        running.get().markChildNode(clientId);
        lastSnapshots.remove(clientId);
        sendSnapshot(running.get(), nodes.get(), clientId);
        for (TwinSection section : nodes.get().desiredSections(clientId)) {
            send(running.get(), clientId, NodeTopics.desired(clientId, section), utf8(section.section()));
        }
    }

    /** Sends the changed desired section to each child node whose subtree holds the twin. */
    public void desiredChanged(IdentityId identity) {
        withChildNodes((running, nodes) -> {
            List<String> covering = running.childNodes().stream()
                    .filter(node -> nodes.isInSubtree(node, identity)).toList();
            if (!covering.isEmpty()) {
                nodes.desiredSection(identity).ifPresent(section -> covering.forEach(node ->
                        send(running, node, NodeTopics.desired(node, section), utf8(section.section()))));
            }
        });
    }

    /**
     * Sends each child node its snapshot shortly after identities changed, if it changed: a device that
     * left a subtree, or was removed, is no longer in it, so every child node's snapshot is checked.
     */
    public void identitiesChanged() {
        if (snapshotPending.compareAndSet(false, true)) {
            debounce.schedule(() -> {
                snapshotPending.set(false);
                withChildNodes((running, nodes) -> running.childNodes()
                        .forEach(node -> sendSnapshot(running, nodes, node)));
            }, IDENTITY_DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The connected child node whose subtree holds the identity, which carries its methods and
     * messages; empty when the identity is connected itself, or no child node holds it.
     */
    public Optional<String> carrierOf(IdentityId identity) {
        Optional<ClientSessions> running = broker.get();
        Optional<ChildNodes> nodes = childNodes.get();
        if (running.isEmpty() || nodes.isEmpty() || running.get().isConnected(identity)) {
            return Optional.empty();
        }
        return running.get().childNodes().stream().filter(node -> nodes.get().isInSubtree(node, identity))
                .findFirst();
    }

    /** Sends a cloud-to-device message through the child node that carries the device. */
    public void sendToDevice(String node, IdentityId device, Message message) {
        broker.get().ifPresent(running -> send(running, node, NodeTopics.cloudToDevice(node, device, message),
                message.body()));
    }

    public void close() {
        debounce.shutdownNow();
    }

    private interface ChildNodeAction {
        void run(ClientSessions running, ChildNodes nodes);
    }

    private void withChildNodes(ChildNodeAction action) {
        Optional<ClientSessions> running = broker.get();
        Optional<ChildNodes> nodes = childNodes.get();
        if (running.isPresent() && nodes.isPresent()) {
            try {
                action.run(running.get(), nodes.get());
            } catch (RuntimeException e) {
                LOG.warn("Child nodes not told of a change: {}", e.toString(), e);
            }
        }
    }

    private void sendSnapshot(ClientSessions running, ChildNodes nodes, String node) {
        String snapshot = nodes.identitySnapshot(node);
        if (!snapshot.equals(lastSnapshots.put(node, snapshot))) {
            send(running, node, NodeTopics.identities(node), utf8(snapshot));
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void send(ClientSessions running, String node, String topic, byte[] body) {
        running.publish(IdentityId.device(node), topic, body)
                .whenComplete((sent, failure) -> {
                    if (failure != null || !sent) {
                        LOG.warn("Child node {} did not get {}: {}", node, topic,
                                failure != null ? failure.getMessage() : "not subscribed to it");
                    }
                });
    }
}
