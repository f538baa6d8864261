package io.strata.hub.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.strata.api.hub.EventListener;
import io.strata.api.message.Message;
import io.strata.api.message.SystemProperty;
import io.strata.api.routing.DeliveryReceipt;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class EventLogEndpointTest {

    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

    private final EventFollowers followers = new EventFollowers(Clock.fixed(NOW, ZoneOffset.UTC));
    private final EventLogEndpoint endpoint = new EventLogEndpoint(followers);
    private final List<String> told = new ArrayList<>();
    private final EventListener health = (message, loggedAt) ->
            told.add(message.connectionDeviceId().orElse("") + " " + new String(message.body(), StandardCharsets.UTF_8)
                    + " at " + loggedAt);

    @Test
    public void aListenerIsToldOfItsModulesMessagesOfEveryDeviceAndOfNoOthers() {
        followers.add("$edgeMetrics", health);

        Reports reports = new Reports();
        endpoint.deliver(List.of(message("leaf-1", null, "t1"), message("line-1", "$edgeMetrics", "h1"),
                message("line-1", "tempSensor", "t2"), message("cell-1", "$edgeMetrics", "h2")), reports);

        assertThat(told, contains("line-1 h1 at " + NOW, "cell-1 h2 at " + NOW));
        assertThat(reports.delivered, equalTo(4));
    }

    @Test
    public void aListenerThatStoppedFollowingIsToldNothing() {
        followers.add("$edgeMetrics", health);
        followers.remove(health);
        endpoint.deliver(message("line-1", "$edgeMetrics", "h1"));

        assertThat(told, empty());
    }

    @Test
    public void aFailingListenerDoesNotFailTheDelivery() {
        followers.add("$edgeMetrics", (message, loggedAt) -> {
            throw new IllegalStateException("broken");
        });
        followers.add("$edgeMetrics", health);

        Reports reports = new Reports();
        endpoint.deliver(List.of(message("line-1", "$edgeMetrics", "h1")), reports);

        assertThat(told, contains("line-1 h1 at " + NOW));
        assertThat(reports.delivered, equalTo(1));
    }

    private static Message message(String deviceId, String moduleId, String body) {
        Message.Builder message = Message.builder().body(body.getBytes(StandardCharsets.UTF_8))
                .systemProperty(SystemProperty.CONNECTION_DEVICE_ID, deviceId);
        if (moduleId != null) {
            message.systemProperty(SystemProperty.CONNECTION_MODULE_ID, moduleId);
        }
        return message.build();
    }

    private static final class Reports implements DeliveryReceipt {
        int delivered;

        @Override
        public void delivered(int index) {
            delivered++;
        }

        @Override
        public void failed(int index, Throwable failure) {
            throw new AssertionError("message " + index + " failed", failure);
        }
    }
}
