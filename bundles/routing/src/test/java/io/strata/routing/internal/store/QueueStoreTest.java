package io.strata.routing.internal.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import io.strata.api.message.Message;
import io.strata.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Appending, peeking in delivery order, acknowledging, and what survives closing the store. */
public class QueueStoreTest {
    private static final StoreSettings SETTINGS = new StoreSettings(10_000_000, FullPolicy.REFUSE_NEW, Duration.ofHours(2));

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private Path file;
    private QueueStore store;

    @Before
    public void openStore() throws Exception {
        file = folder.getRoot().toPath().resolve("log");
        store = QueueStore.open(file, SETTINGS, clock);
    }

    @After
    public void closeStore() {
        store.close();
    }

    static Message message(String id) {
        return Message.builder().messageId(id).connectionDeviceId("sensor-1").body(id.getBytes()).build();
    }

    static List<String> messageIds(List<StoredMessage> batch) {
        return batch.stream().map(stored -> stored.message().messageId().orElseThrow()).collect(Collectors.toList());
    }

    private List<String> peekIds(String endpoint) {
        return messageIds(store.peek(endpoint, 100));
    }

    @Test
    public void peeksWhatWasAppendedUntilItIsAcknowledged() throws Exception {
        store.append(message("m1"), List.of(Destination.of("$upstream"))).get();
        store.append(message("m2"), List.of(Destination.of("$upstream"))).get();

        List<StoredMessage> batch = store.peek("$upstream", 1);
        assertThat(messageIds(batch), contains("m1"));
        assertThat(batch.get(0).message(), is(message("m1")));
        assertThat(batch.get(0).enqueued(), is(clock.instant()));
        assertThat(batch.get(0).expiry(), is(clock.instant().plus(Duration.ofHours(2))));
        assertThat("not acknowledged, so peeked again", peekIds("$upstream"), contains("m1", "m2"));

        store.acknowledge("$upstream", List.of(batch.get(0).id()));

        assertThat(peekIds("$upstream"), contains("m2"));
        assertThat(store.stats("$upstream").checkpoint(), is(batch.get(0).sequence()));
    }

    @Test
    public void appendsABatchInOrderEachMessageToItsOwnEndpointsWithOneFuture() throws Exception {
        store.appendAll(List.of(message("m1"), message("m2"), message("m3")), List.of(
                List.of(Destination.of("a")), List.of(Destination.of("a"), Destination.of("b")), List.of(Destination.of("b"))))
                .get();

        assertThat(peekIds("a"), contains("m1", "m2"));
        assertThat(peekIds("b"), contains("m2", "m3"));
        assertThat("each message once in the log, numbered in order", store.peek("b", 2).get(0).sequence(),
                is(store.peek("a", 2).get(1).sequence()));

        store.close();
        store = QueueStore.open(file, SETTINGS, clock);
        assertThat("on disk once its future completed", peekIds("a"), contains("m1", "m2"));
        assertThat(peekIds("b"), contains("m2", "m3"));
    }

    @Test
    public void acknowledgingTwiceOrUnknownIdsChangesNothing() throws Exception {
        store.append(message("m1"), List.of(Destination.of("a"))).get();
        store.append(message("m2"), List.of(Destination.of("a"))).get();
        long first = store.peek("a", 1).get(0).id();

        store.acknowledge("a", List.of(first));
        store.acknowledge("a", List.of(first));
        store.acknowledge("unknown", List.of(first));

        assertThat(peekIds("a"), contains("m2"));
    }

    @Test
    public void everyEndpointHasItsOwnQueueAndCheckpoint() throws Exception {
        store.append(message("m1"), List.of(Destination.of("a"), Destination.of("b"))).get();
        store.append(message("m2"), List.of(Destination.of("a"))).get();

        store.acknowledge("a", store.peek("a", 100).stream().map(StoredMessage::id).collect(Collectors.toList()));

        assertThat(peekIds("a"), is(empty()));
        assertThat(peekIds("b"), contains("m1"));
        assertThat(store.stats("a").checkpoint(), is(2L));
        assertThat(store.stats("b").checkpoint(), is(0L));
        assertThat(store.stats("b").depth(), is(1L));
        assertThat(store.endpoints(), contains("a", "b"));
    }

    @Test
    public void deliversTheHighestPriorityFirstAndUnprioritisedLast() throws Exception {
        store.append(message("none"), List.of(new Destination("a", Destination.UNPRIORITISED, null))).get();
        store.append(message("p9"), List.of(new Destination("a", 9, null))).get();
        store.append(message("p0"), List.of(new Destination("a", 0, null))).get();
        store.append(message("p5"), List.of(new Destination("a", 5, null))).get();

        List<StoredMessage> batch = store.peek("a", 100);

        assertThat(messageIds(batch), contains("p0", "p5", "p9", "none"));
        assertThat(batch.stream().map(StoredMessage::priority).collect(Collectors.toList()), contains(0, 5, 9, 10));
    }

    @Test
    public void deliversInArrivalOrderWithinAPriority() throws Exception {
        for (int i = 0; i < 5; i++) {
            store.append(message("low-" + i), List.of(new Destination("a", 7, null))).get();
            store.append(message("high-" + i), List.of(new Destination("a", 1, null))).get();
        }

        assertThat(peekIds("a"), contains("high-0", "high-1", "high-2", "high-3", "high-4",
                "low-0", "low-1", "low-2", "low-3", "low-4"));
    }

    @Test
    public void aPriorityOfTheSameMessageDiffersPerEndpoint() throws Exception {
        store.append(message("m1"), List.of(new Destination("a", 3, null))).get();
        store.append(message("m2"), List.of(new Destination("a", 5, null), new Destination("b", 0, null))).get();
        store.append(message("m3"), List.of(new Destination("a", 1, null), new Destination("b", 8, null))).get();

        assertThat(peekIds("a"), contains("m3", "m1", "m2"));
        assertThat(peekIds("b"), contains("m2", "m3"));
    }

    @Test
    public void refusesTheSameEndpointTwiceInOneAppend() {
        assertThrows(IllegalArgumentException.class,
                () -> store.append(message("m1"), List.of(new Destination("a", 1, null), new Destination("a", 2, null))));
        assertThat(store.peek("a", 10), is(empty()));
    }

    @Test
    public void statsTellDepthAndTheAgeOfTheOldestEntryAcrossPriorities() throws Exception {
        store.append(message("old-low"), List.of(new Destination("a", 9, null))).get();
        clock.advance(Duration.ofSeconds(30));
        store.append(message("new-high"), List.of(new Destination("a", 0, null))).get();
        clock.advance(Duration.ofSeconds(10));

        QueueStats stats = store.stats("a");

        assertThat(stats.depth(), is(2L));
        assertThat(stats.oldestAge(), is(Duration.ofSeconds(40)));
        assertThat(store.stats("empty"), is(new QueueStats("empty", 0, Duration.ZERO, 0, 0, 0)));
    }

    @Test
    public void keepsUnacknowledgedMessagesInOrderAcrossReopening() throws Exception {
        store.append(message("m1"), List.of(Destination.of("a"), Destination.of("b"))).get();
        store.append(message("m2"), List.of(new Destination("a", 2, null))).get();
        store.append(message("m3"), List.of(Destination.of("a"))).get();
        store.acknowledge("b", List.of(store.peek("b", 1).get(0).id()));
        long lastSequence = store.peek("a", 100).get(2).sequence();

        store.close();
        store = QueueStore.open(file, SETTINGS, clock);

        assertThat(peekIds("a"), contains("m2", "m1", "m3"));
        assertThat(peekIds("b"), is(empty()));
        assertThat(store.stats("b").checkpoint(), is(1L));
        store.append(message("m4"), List.of(Destination.of("a"))).get();
        assertThat("sequence numbers continue", store.peek("a", 100).get(3).sequence(), greaterThan(lastSequence));
    }
}
