package io.strata.hub.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import io.strata.api.hub.Event;
import io.strata.api.message.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class EventStoreTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private static Message message(String device, String body) {
        return Message.builder().body(body.getBytes(StandardCharsets.UTF_8)).connectionDeviceId(device)
                .applicationProperty("kind", "test").build();
    }

    private static List<String> bodies(List<Event> events) {
        return events.stream().map(event -> new String(event.message().body(), StandardCharsets.UTF_8)).toList();
    }

    private EventStore open(Clock clock, long maxEvents) {
        return new EventStore(folder.getRoot().toPath().resolve("events.mv"), clock, Duration.ofHours(1), maxEvents);
    }

    @Test
    public void eventsAreReadBackInOrderFromAnyOffsetWithTheirProperties() throws Exception {
        try (EventStore store = open(Clock.systemUTC(), 100)) {
            CompletableFuture.allOf(store.append(message("a", "1")), store.append(message("b", "2")),
                    store.append(message("a", "3"))).get(5, TimeUnit.SECONDS);

            assertThat(bodies(store.read(0, 10)), contains("1", "2", "3"));
            assertThat(bodies(store.read(1, 1)), contains("2"));
            assertThat(store.read(3, 10).isEmpty(), is(true));
            Event first = store.read(0, 1).get(0);
            assertThat(first.offset(), is(0L));
            assertThat(first.message().connectionDeviceId().orElseThrow(), is("a"));
            assertThat(first.message().applicationProperties().get("kind"), is("test"));
            assertThat(store.nextOffset(), is(3L));
        }
    }

    @Test
    public void theLogOutlivesTheProcessAndOffsetsGoOn() throws Exception {
        try (EventStore store = open(Clock.systemUTC(), 100)) {
            store.append(message("a", "before")).get(5, TimeUnit.SECONDS);
        }
        try (EventStore store = open(Clock.systemUTC(), 100)) {
            store.append(message("a", "after")).get(5, TimeUnit.SECONDS);
            assertThat(bodies(store.read(0, 10)), contains("before", "after"));
            assertThat(store.read(1, 1).get(0).offset(), is(1L));
        }
    }

    @Test
    public void theOldestEventsGoBeyondTheMaximumCountOrTheRetentionPeriod() throws Exception {
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        try (EventStore store = open(Clock.fixed(start, ZoneOffset.UTC), 2)) {
            for (int i = 0; i < 4; i++) {
                store.append(message("a", Integer.toString(i))).get(5, TimeUnit.SECONDS);
            }
            assertThat("reading from an offset no longer kept starts at the oldest kept",
                    bodies(store.read(0, 10)), contains("2", "3"));
        }
        try (EventStore store = open(Clock.fixed(start.plus(Duration.ofMinutes(61)), ZoneOffset.UTC), 2)) {
            store.append(message("a", "late")).get(5, TimeUnit.SECONDS);
            assertThat(bodies(store.read(0, 10)), contains("late"));
            assertThat(store.read(0, 10).get(0).offset(), is(4L));
        }
    }
}
