package io.strata.broker.internal.topics;

import io.strata.api.identity.Authorizer;
import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.routing.MessageRejectedException;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.Router;
import java.time.Clock;
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

    /** The topic is parsed here once; a malformed one is refused after the checks every publish gets. */
    @Override
    public Optional<Taken> take(String topic) {
        Optional<TelemetryTopic> telemetry;
        try {
            telemetry = TelemetryTopic.parse(topic);
        } catch (MalformedTopicException e) {
            return Optional.of((client, size, body) -> refusal(client, topic, size)
                    .orElseGet(() -> refused(client, topic, e.getMessage())));
        }
        return telemetry.map(parsed -> (client, size, body) -> refusal(client, topic, size)
                .orElseGet(() -> route(client, topic, parsed, body)));
    }

    /** Refuses a message that is too big, not permitted, or that no router can take yet; the size is checked before the body is copied. */
    private Optional<CompletionStage<Void>> refusal(IdentityId client, String topic, int size) {
        if (size > maxMessageBytes) {
            return Optional.of(refused(client, topic, size + " bytes, more than the " + maxMessageBytes + " allowed"));
        }
        if (!authorizer.mayPublish(client, topic)) {
            return Optional.of(refused(client, topic, "not permitted"));
        }
        if (router.get().isEmpty()) {
            // Without a PUBACK the client keeps the message and sends it again later.
            return Optional.of(refused(client, topic, "no router is running yet"));
        }
        return Optional.empty();
    }

    private CompletionStage<Void> route(IdentityId client, String topic, TelemetryTopic telemetry, Supplier<byte[]> body) {
        Optional<Router> present = router.get();
        if (present.isEmpty()) {
            return refused(client, topic, "no router is running yet");
        }
        Message message;
        try {
            message = telemetry.toMessage(client, body.get(), clock.instant());
        } catch (MalformedTopicException e) {
            return refused(client, topic, e.getMessage());
        }
        return present.get().route(MessageSource.TELEMETRY, message).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("Message of '{}' on '{}' not accepted: {}", client, topic, reason(failure));
            }
        });
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
