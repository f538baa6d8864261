package io.strata.routing.internal.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import io.strata.api.hub.Event;
import io.strata.api.message.Message;
import io.strata.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** An endpoint's messages retained after delivery and read by offset: the hub's event log over the router's log. */
public class QueueStoreRetentionTest {
    private static final StoreSettings SETTINGS = new StoreSettings(100_000_000, FullPolicy.REFUSE_NEW, Duration.ofHours(2));
    private static final String UPSTREAM = "$upstream";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private QueueStore store;

    private QueueStore open() {
        Path directory = folder.getRoot().toPath().resolve("log");
        store = QueueStore.open(directory, 4096, SETTINGS, clock);
        return store;
    }

    @After
    public void closeStore() {
        store.close();
    }

    private static Message message(String device, String body) {
        return Message.builder().body(body.getBytes(StandardCharsets.UTF_8)).connectionDeviceId(device)
                .applicationProperty("kind", "test").build();
    }

    private static List<String> bodies(List<Event> events) {
        return events.stream().map(event -> new String(event.message().body(), StandardCharsets.UTF_8)).toList();
    }

    private void route(String body, String... endpoints) throws Exception {
        store.append(message("a", body), List.of(endpoints).stream().map(Destination::of).collect(Collectors.toList())).get();
    }

    private void deliverAll(String endpoint) {
        store.acknowledge(endpoint, store.peek(endpoint, 1000).stream().map(StoredMessage::id).collect(Collectors.toList()));
    }

    @Test
    public void retainedMessagesAreReadInOrderFromAnyOffsetWithTheirPropertiesDeliveredOrNot() throws Exception {
        open().retain(UPSTREAM, Duration.ofHours(1), 100);
        route("1", UPSTREAM);
        route("other", "b");
        route("2", UPSTREAM, "b");
        deliverAll(UPSTREAM);
        route("3", UPSTREAM);

        List<Event> events = store.read(UPSTREAM, 0, 10);

        assertThat(bodies(events), contains("1", "2", "3"));
        assertThat("offsets grow", events.get(1).offset(), greaterThan(events.get(0).offset()));
        assertThat(events.get(2).offset(), greaterThan(events.get(1).offset()));
        assertThat(bodies(store.read(UPSTREAM, events.get(1).offset(), 1)), contains("2"));
        assertThat(store.read(UPSTREAM, events.get(2).offset() + 1, 10), is(empty()));
        assertThat(events.get(0).message().connectionDeviceId().orElseThrow(), is("a"));
        assertThat(events.get(0).message().applicationProperties().get("kind"), is("test"));
        assertThat(events.get(0).enqueuedTime(), is(clock.instant()));
        assertThat(store.nextOffset(UPSTREAM), greaterThan(events.get(2).offset()));
        assertThat("not retained", store.read("b", 0, 10), is(empty()));
    }

    @Test
    public void theRetainedLogOutlivesTheProcessAndOffsetsGoOn() throws Exception {
        open().retain(UPSTREAM, Duration.ofHours(1), 100);
        route("before", UPSTREAM);
        deliverAll(UPSTREAM);
        long next = store.nextOffset(UPSTREAM);
        store.close();

        open();
        route("after", UPSTREAM);

        assertThat(bodies(store.read(UPSTREAM, 0, 10)), contains("before", "after"));
        assertThat(store.read(UPSTREAM, next, 1).get(0).offset(), is(next));
        assertThat("a retaining endpoint is not removed with its routes", store.removeIfEmpty(UPSTREAM), is(false));
    }

    @Test
    public void theOldestGoBeyondTheMaximumCountOrTheRetentionPeriodAndThenTheirSegments() throws Exception {
        open().retain(UPSTREAM, Duration.ofHours(1), 2);
        for (int i = 0; i < 4; i++) {
            route(Integer.toString(i), UPSTREAM);
        }
        deliverAll(UPSTREAM);
        assertThat("reading from an offset no longer kept starts at the oldest kept",
                bodies(store.read(UPSTREAM, 0, 10)), contains("2", "3"));
        for (int i = 4; i < 100; i++) {
            route(Integer.toString(i), UPSTREAM);
        }
        deliverAll(UPSTREAM);
        store.close();

        clock.advance(Duration.ofMinutes(61));
        open();
        route("late", UPSTREAM);
        store.compact();

        assertThat(bodies(store.read(UPSTREAM, 0, 10)), contains("late"));
        assertThat("only the segment of the late event is left", store.segmentCount(), is(1));
    }

    @Test
    public void retainingKeepsWhatStillWaitsButNotWhatWasDelivered() throws Exception {
        open();
        route("delivered", UPSTREAM);
        deliverAll(UPSTREAM);
        route("waiting", UPSTREAM);

        store.retain(UPSTREAM, Duration.ofHours(1), 100);
        deliverAll(UPSTREAM);
        store.close();
        open();

        assertThat(bodies(store.read(UPSTREAM, 0, 10)), contains("waiting"));
    }
}
