package io.strata.broker.internal.topics;

import io.strata.api.identity.Authorizer;
import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.routing.MessageRejectedException;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.Router;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a client's telemetry publish into a {@link Message} for the router, after checking that the
 * client may publish there and the message is not too big. The stage completes once the router has
 * stored it; it fails, with the reason logged once, when the message is refused.
 */
public final class TelemetryPublishes implements InboundPublishes {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryPublishes.class);

    private final Authorizer authorizer;
    private final Supplier<Optional<Router>> router;
    private final int maxMessageBytes;
    private final Clock clock;

    public TelemetryPublishes(Authorizer authorizer, Supplier<Optional<Router>> router, int maxMessageBytes, Clock clock) {
        this.authorizer = authorizer;
        this.router = router;
        this.maxMessageBytes = maxMessageBytes;
        this.clock = clock;
    }

    /** The parse of a telemetry topic, or the reason it is malformed, kept until the publish is checked. */
    @FunctionalInterface
    private interface ParsedTopic {
        TelemetryTopic get() throws MalformedTopicException;
    }

    @Override
    public Optional<Taken> take(String topic) {
        return take(topic, null);
    }

    /** The connection's messages wait in {@code batch}, when there is one, and are routed when its read ends. */
    @Override
    public Optional<Taken> take(String topic, RouteBatch batch) {
        ParsedTopic parsed;
        try {
            Optional<TelemetryTopic> telemetry = TelemetryTopic.parse(topic);
            if (telemetry.isEmpty()) {
                return Optional.empty();
            }
            parsed = telemetry::get;
        } catch (MalformedTopicException e) {
            parsed = () -> {
                throw e;
            };
        }
        return Optional.of(new TopicPublishes(topic, parsed, batch));
    }

    /**
     * The publishes to one topic. A connection keeps it for the topic it publishes to again and again,
     * so what its messages have in common is worked out once for the client that sends them.
     */
    private final class TopicPublishes implements Taken {

        private final String topic;
        private final ParsedTopic parsed;
        /** Null when each message is routed at once. */
        private final RouteBatch batch;
        /** The last client's template: one immutable pair, so a reader never sees one without the other. */
        private ClientTemplate last;

        private record ClientTemplate(IdentityId client, TelemetryTopic.Template template) {
        }

        TopicPublishes(String topic, ParsedTopic parsed, RouteBatch batch) {
            this.topic = topic;
            this.parsed = parsed;
            this.batch = batch;
        }

        /** The size is checked before the body is copied. */
        @Override
        public CompletionStage<Void> accept(IdentityId client, int size, Supplier<byte[]> body) {
            if (size > maxMessageBytes) {
                return refused(client, topic, size + " bytes, more than the " + maxMessageBytes + " allowed");
            }
            if (!authorizer.mayPublish(client, topic)) {
                return refused(client, topic, "not permitted");
            }
            Optional<Router> present = router.get();
            if (present.isEmpty()) {
                // Without a PUBACK the client keeps the message and sends it again later.
                return refused(client, topic, "no router is running yet");
            }
            Message message;
            try {
                // IoT Hub's enqueued times are in milliseconds; messages of one millisecond share its text
                message = template(client).stamp(body.get(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
            } catch (MalformedTopicException e) {
                return refused(client, topic, e.getMessage());
            }
            CompletionStage<Void> stored = batch == null ? present.get().route(MessageSource.TELEMETRY, message)
                    : batch.add(present.get(), message);
            return stored.whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.warn("Message of '{}' on '{}' not accepted: {}", client, topic, reason(failure));
                }
            });
        }

        private TelemetryTopic.Template template(IdentityId client) throws MalformedTopicException {
            ClientTemplate known = last;
            if (known == null || !known.client().equals(client)) {
                known = new ClientTemplate(client, parsed.get().template(client));
                last = known;
            }
            return known.template();
        }
    }

    private static CompletionStage<Void> refused(IdentityId client, String topic, String reason) {
        LOG.warn("Message of '{}' on '{}' refused: {}", client, topic, reason);
        return CompletableFuture.failedFuture(new MessageRejectedException(reason));
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getMessage();
    }
}
