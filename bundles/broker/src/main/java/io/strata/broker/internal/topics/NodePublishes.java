package io.strata.broker.internal.topics;

import io.strata.api.identity.Authorizer;
import io.strata.api.identity.IdentityId;
import io.strata.api.node.ChildNodes;
import io.strata.api.routing.MessageRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a child node publishes on its node topics: reported sections of its subtree's twins, stored
 * here before the PUBACK, and answers to the direct methods sent through it.
 */
public final class NodePublishes implements InboundPublishes {

    private static final Logger LOG = LoggerFactory.getLogger(NodePublishes.class);

    private final Authorizer authorizer;
    private final Supplier<Optional<ChildNodes>> childNodes;
    private final MethodInvocations methods;

    public NodePublishes(Authorizer authorizer, Supplier<Optional<ChildNodes>> childNodes, MethodInvocations methods) {
        this.authorizer = authorizer;
        this.childNodes = childNodes;
        this.methods = methods;
    }

    @Override
    public Optional<Taken> take(String topic) {
        return NodeTopics.isNodeTopic(topic)
                ? Optional.of((client, size, body) -> accept(client, topic, body)) : Optional.empty();
    }

    private CompletionStage<Void> accept(IdentityId client, String topic, Supplier<byte[]> body) {
        if (!authorizer.mayPublish(client, topic)) {
            return refused(client, topic, "not permitted");
        }
        byte[] bytes = body.get();
        Optional<NodeTopics.Upward> upward;
        try {
            upward = NodeTopics.parse(client.deviceId(), topic, bytes);
        } catch (MalformedTopicException e) {
            return refused(client, topic, e.getMessage());
        }
        if (upward.isEmpty()) {
            return refused(client, topic, "only the edge hub publishes there");
        }
        NodeTopics.Upward published = upward.get();
        if (published.kind() == NodeTopics.Kind.METHOD_RESPONSE) {
            methods.answered(client, published.rid(), published.status(), new String(bytes, StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(null);
        }
        Optional<ChildNodes> nodes = childNodes.get();
        if (nodes.isEmpty()) {
            return refused(client, topic, "the edge hub's child node service is not running yet");
        }
        try {
            nodes.get().storeReported(client.deviceId(), published.section());
            return CompletableFuture.completedFuture(null);
        } catch (IllegalArgumentException e) {
            return refused(client, topic, e.getMessage());
        }
    }

    private static CompletionStage<Void> refused(IdentityId client, String topic, String reason) {
        LOG.warn("Node publish of '{}' on '{}' refused: {}", client, topic, reason);
        return CompletableFuture.failedFuture(new MessageRejectedException(reason));
    }
}
