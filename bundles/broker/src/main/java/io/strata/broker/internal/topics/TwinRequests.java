package io.strata.broker.internal.topics;

import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.TwinService;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twins over MQTT as IoT Hub serves them: a client gets its twin and patches its reported
 * properties, and hears of changes to its desired properties. A client only ever reaches the twin
 * of the identity it authenticated as.
 */
public final class TwinRequests {

    static final int OK = 200;
    static final int NO_CONTENT = 204;
    static final int BAD_REQUEST = 400;
    static final int INTERNAL_ERROR = 500;
    static final int SERVICE_UNAVAILABLE = 503;

    private static final Logger LOG = LoggerFactory.getLogger(TwinRequests.class);

    private final Supplier<Optional<TwinService>> twins;
    private final ClientPublisher publisher;

    public TwinRequests(Supplier<Optional<TwinService>> twins, ClientPublisher publisher) {
        this.twins = twins;
        this.publisher = publisher;
    }

    /** {@code $iothub/twin/GET}: answers 200 with the twin document. */
    public void get(IdentityId client, String rid) {
        withTwins(client, rid, service -> answer(client, IotHubTopics.twinResponse(OK, rid),
                service.document(client, false).getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code $iothub/twin/PATCH/properties/reported}: answers 204 with the new version, or 400 for a bad patch. */
    public void patchReported(IdentityId client, String rid, String patch) {
        withTwins(client, rid, service -> {
            try {
                long version = service.patchReported(client, patch);
                answer(client, IotHubTopics.twinResponse(NO_CONTENT, rid, version), new byte[0]);
            } catch (IllegalArgumentException e) {
                LOG.debug("Reported patch of {} refused: {}", client, e.getMessage());
                answer(client, IotHubTopics.twinResponse(BAD_REQUEST, rid), Json.messageBytes(e.getMessage()));
            }
        });
    }

    /** Tells the client of its desired change, if it is connected and subscribed to desired patches. */
    public void desiredChanged(DesiredChange change) {
        publisher.publish(change.identity(), IotHubTopics.desiredPatch(change.version()),
                change.notification().getBytes(StandardCharsets.UTF_8)).whenComplete((sent, failure) -> {
                    if (failure != null) {
                        LOG.warn("Desired change {} of {} not sent: {}", change.version(), change.identity(),
                                failure.getMessage());
                    } else if (!sent) {
                        LOG.debug("{} does not listen for desired changes now; it reads its twin when it does",
                                change.identity());
                    }
                });
    }

    private void withTwins(IdentityId client, String rid, Consumer<TwinService> request) {
        Optional<TwinService> service = twins.get();
        if (service.isEmpty()) {
            answer(client, IotHubTopics.twinResponse(SERVICE_UNAVAILABLE, rid),
                    Json.messageBytes("The twin service is not running on this node"));
            return;
        }
        try {
            request.accept(service.get());
        } catch (RuntimeException e) {
            LOG.warn("Twin request {} of {} failed", rid, client, e);
            answer(client, IotHubTopics.twinResponse(INTERNAL_ERROR, rid),
                    Json.messageBytes("The edge hub could not serve the twin request; its log says why"));
        }
    }

    private void answer(IdentityId client, String topic, byte[] body) {
        publisher.publish(client, topic, body).whenComplete((sent, failure) -> {
            if (failure != null || !sent) {
                LOG.debug("{} did not get {}: {}", client, topic,
                        failure != null ? failure.getMessage() : "not subscribed to $iothub/twin/res/#");
            }
        });
    }
}
