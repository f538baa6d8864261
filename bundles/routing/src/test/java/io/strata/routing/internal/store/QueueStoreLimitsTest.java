package io.strata.routing.internal.store;

import static io.strata.routing.internal.store.QueueStoreTest.message;
import static io.strata.routing.internal.store.QueueStoreTest.messageIds;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import io.strata.testing.MutableClock;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Time to live and the size bound with both policies. */
public class QueueStoreLimitsTest {
    /**
     * What {@code message("mN")} for one endpoint takes; all ids and endpoint names in these tests have the same
     * length. The record of a message for two endpoints is a little larger: it names both, but holds the message once.
     */
    private static final long ENTRY_BYTES = RecordFormat.message(ByteBuffer.allocate(0), 0,
            List.of(new RecordFormat.StoredDestination("a", Destination.UNPRIORITISED, 0)),
            message("m0")).position();

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private QueueStore store;

    private QueueStore open(long maxBytes, FullPolicy policy) {
        store = QueueStore.open(folder.getRoot().toPath().resolve("log"),
                new StoreSettings(maxBytes, policy, Duration.ofMinutes(10)), clock);
        return store;
    }

    @After
    public void closeStore() {
        store.close();
    }

    @Test
    public void dropsAndCountsEntriesWhoseTimeToLivePassed() throws Exception {
        open(1_000_000, FullPolicy.REFUSE_NEW);
        store.append(message("m1"), List.of(new Destination("a", 1, Duration.ofSeconds(10)))).get();
        store.append(message("m2"), List.of(Destination.of("a"))).get();
        store.append(message("m3"), List.of(new Destination("a", Destination.UNPRIORITISED, Duration.ofSeconds(10)),
                new Destination("b", Destination.UNPRIORITISED, Duration.ofHours(1)))).get();

        clock.advance(Duration.ofSeconds(9));
        assertThat(messageIds(store.peek("a", 10)), contains("m1", "m2", "m3"));

        clock.advance(Duration.ofSeconds(1));
        assertThat(messageIds(store.peek("a", 10)), contains("m2"));
        assertThat(store.stats("a").expired(), is(2L));
        assertThat(store.stats("a").depth(), is(1L));
        assertThat("the route's time to live, not the default", messageIds(store.peek("b", 10)), contains("m3"));

        clock.advance(Duration.ofMinutes(10));
        assertThat("the store's default time to live", store.peek("a", 10), is(empty()));
        assertThat(store.stats("a").expired(), is(3L));
    }

    @Test
    public void expiredEntriesDoNotTakeTheRoomOfLiveOnesInABatch() throws Exception {
        open(1_000_000, FullPolicy.REFUSE_NEW);
        store.append(message("m1"), List.of(new Destination("a", 0, Duration.ofSeconds(1)))).get();
        store.append(message("m2"), List.of(new Destination("a", 0, Duration.ofSeconds(1)))).get();
        store.append(message("m3"), List.of(Destination.of("a"))).get();
        store.append(message("m4"), List.of(Destination.of("a"))).get();
        clock.advance(Duration.ofSeconds(1));

        assertThat(messageIds(store.peek("a", 2)), contains("m3", "m4"));
    }

    @Test
    public void refusesAnAppendBeyondTheLimitNamingIt() throws Exception {
        long limit = 3 * ENTRY_BYTES;
        open(limit, FullPolicy.REFUSE_NEW);
        store.append(message("m1"), List.of(Destination.of("a"))).get();
        store.append(message("m2"), List.of(Destination.of("b"))).get();

        StoreFullException full = assertThrows(StoreFullException.class,
                () -> store.append(message("m3"), List.of(Destination.of("a"), Destination.of("b"))));

        assertThat(full.getMessage(), containsString("at most " + limit + " bytes"));
        assertThat("nothing of the refused message is stored", messageIds(store.peek("a", 10)), contains("m1"));
        assertThat(messageIds(store.peek("b", 10)), contains("m2"));

        store.append(message("m4"), List.of(Destination.of("b"))).get();
        assertThat("what fits is still taken", messageIds(store.peek("b", 10)), contains("m2", "m4"));
    }

    @Test
    public void refusesABatchThatDoesNotFitWholeAndStoresNothingOfIt() throws Exception {
        open(3 * ENTRY_BYTES, FullPolicy.REFUSE_NEW);
        store.append(message("m1"), List.of(Destination.of("a"))).get();

        StoreFullException full = assertThrows(StoreFullException.class, () -> store.appendAll(
                List.of(message("m2"), message("m3"), message("m4")),
                List.of(List.of(Destination.of("a")), List.of(Destination.of("a")), List.of(Destination.of("a")))));

        assertThat(full.getMessage(), containsString("at most " + 3 * ENTRY_BYTES + " bytes"));
        assertThat("nothing of the refused batch is stored", messageIds(store.peek("a", 10)), contains("m1"));
        store.appendAll(List.of(message("m2"), message("m3")),
                List.of(List.of(Destination.of("a")), List.of(Destination.of("a")))).get();
        assertThat("a batch that fits is taken", messageIds(store.peek("a", 10)), contains("m1", "m2", "m3"));
    }

    @Test
    public void acknowledgingMakesRoomAgain() throws Exception {
        open(2 * ENTRY_BYTES, FullPolicy.REFUSE_NEW);
        store.append(message("m1"), List.of(Destination.of("a"))).get();
        store.append(message("m2"), List.of(Destination.of("a"))).get();
        assertThrows(StoreFullException.class, () -> store.append(message("m3"), List.of(Destination.of("a"))));

        store.acknowledge("a", List.of(store.peek("a", 1).get(0).id()));
        store.append(message("m3"), List.of(Destination.of("a"))).get();

        assertThat(messageIds(store.peek("a", 10)), contains("m2", "m3"));
    }

    @Test
    public void dropsTheOldestEntriesOfTheLowestPriorityToMakeRoom() throws Exception {
        open(4 * ENTRY_BYTES, FullPolicy.DROP_OLDEST);
        store.append(message("m1"), List.of(new Destination("a", 2, null))).get();
        store.append(message("m2"), List.of(new Destination("b", 5, null))).get();
        store.append(message("m3"), List.of(new Destination("a", 5, null))).get();
        store.append(message("m4"), List.of(new Destination("b", 2, null))).get();

        store.append(message("m5"), List.of(new Destination("a", 1, null), new Destination("b", 9, null))).get();

        assertThat("m2 and then m3 were the oldest of priority 5", messageIds(store.peek("a", 10)), contains("m5", "m1"));
        assertThat(messageIds(store.peek("b", 10)), contains("m4", "m5"));
        assertThat(store.stats("a").dropped(), is(1L));
        assertThat(store.stats("b").dropped(), is(1L));
    }

    @Test
    public void refusesAMessageLargerThanTheWholeStoreEvenWhenDropping() throws Exception {
        open(ENTRY_BYTES, FullPolicy.DROP_OLDEST);
        store.append(message("m1"), List.of(Destination.of("a"))).get();

        assertThrows(StoreFullException.class, () -> store.append(message("m2"), List.of(Destination.of("a"), Destination.of("b"))));

        assertThat(messageIds(store.peek("a", 10)), contains("m1"));
        assertThat(store.stats("a").dropped(), is(0L));
    }

    @Test
    public void countsWhatIsStoredAfterReopening() throws Exception {
        open(2 * ENTRY_BYTES, FullPolicy.REFUSE_NEW);
        store.append(message("m1"), List.of(Destination.of("a"), Destination.of("b"))).get();
        store.close();

        open(2 * ENTRY_BYTES, FullPolicy.REFUSE_NEW);

        assertThrows(StoreFullException.class, () -> store.append(message("m2"), List.of(Destination.of("a"))));
    }
}
