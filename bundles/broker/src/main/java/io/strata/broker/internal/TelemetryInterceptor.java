package io.strata.broker.internal;

import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.Router;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every accepted telemetry publish into a {@link Message} for the router. Moquette calls it
 * after the PUBACK (see DESIGN.md), on its interceptor threads.
 */
final class TelemetryInterceptor extends PublishInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryInterceptor.class);

    private final Supplier<Optional<Router>> router;
    private final int maxMessageBytes;
    private final Clock clock;

    TelemetryInterceptor(Supplier<Optional<Router>> router, int maxMessageBytes, Clock clock) {
        super("strata-telemetry");
        this.router = router;
        this.maxMessageBytes = maxMessageBytes;
        this.clock = clock;
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        LOG.error("MQTT session loop failed", error);
    }

    @Override
    void onPublish(InterceptPublishMessage publish, ByteBuf payload) {
        String client = publish.getClientID();
        String topic = publish.getTopicName();
        if (payload.readableBytes() > maxMessageBytes) {
            LOG.warn("Message of '{}' on '{}' refused: {} bytes, more than the {} allowed",
                    client, topic, payload.readableBytes(), maxMessageBytes);
            return;
        }
        try {
            Optional<TelemetryTopic> telemetry = TelemetryTopic.parse(topic);
            if (telemetry.isEmpty()) {
                return;
            }
            Message message = telemetry.get().toMessage(IdentityId.parse(client),
                    ByteBufUtil.getBytes(payload), clock.instant());
            router.get().ifPresentOrElse(
                    present -> present.route(MessageSource.TELEMETRY, message).whenComplete((done, failure) -> {
                        if (failure != null) {
                            LOG.warn("Message of '{}' on '{}' not routed: {}", client, topic, failure.getMessage());
                        }
                    }),
                    () -> LOG.warn("Message of '{}' on '{}' dropped: the router went away", client, topic));
        } catch (MalformedTopicException e) {
            LOG.warn("Message of '{}' on '{}' refused: {}", client, topic, e.getMessage());
        }
    }
}
