package io.strata.broker.internal.moquette;

import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBuf;
import io.strata.api.identity.IdentityId;
import io.strata.broker.internal.topics.IotHubTopics;
import io.strata.broker.internal.topics.MalformedTopicException;
import io.strata.broker.internal.topics.MethodInvocations;
import io.strata.broker.internal.topics.TwinRequests;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the requests clients publish on {@code $iothub} topics, twin requests and method answers, to
 * those that serve them, in the name of the client that published them.
 */
public final class IotHubRequestInterceptor extends PublishInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(IotHubRequestInterceptor.class);

    private final TwinRequests twins;
    private final MethodInvocations methods;

    public IotHubRequestInterceptor(TwinRequests twins, MethodInvocations methods) {
        super("strata-iothub-requests");
        this.twins = twins;
        this.methods = methods;
    }

    @Override
    void onPublish(InterceptPublishMessage publish, ByteBuf payload) {
        serve(IdentityId.parse(publish.getClientID()), publish.getTopicName(), payload.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        LOG.error("MQTT session loop failed", error);
    }

    private void serve(IdentityId client, String topic, String body) {
        Optional<IotHubTopics.Request> parsed;
        try {
            parsed = IotHubTopics.parse(topic);
        } catch (MalformedTopicException e) {
            LOG.warn("Request of '{}' on '{}' ignored: {}", client, topic, e.getMessage());
            return;
        }
        parsed.ifPresent(request -> {
            switch (request.kind()) {
                case TWIN_GET -> twins.get(client, request.rid());
                case TWIN_PATCH_REPORTED -> twins.patchReported(client, request.rid(), body);
                case METHOD_RESPONSE -> methods.answered(client, request.rid(), request.status(), body);
            }
        });
    }
}
