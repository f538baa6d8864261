package io.strata.routing.internal.store;

import static io.strata.routing.internal.store.QueueStoreTest.message;
import static io.strata.routing.internal.store.QueueStoreTest.messageIds;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import io.strata.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The delivery read: it goes on where the last one stopped, and still finds what failed and what jumps the queue. */
public class QueueStoreNextTest {
    private static final StoreSettings SETTINGS = new StoreSettings(10_000_000, FullPolicy.REFUSE_NEW, Duration.ofHours(2));

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final Set<Long> inFlight = new HashSet<>();
    private QueueStore store;

    @Before
    public void openStore() {
        store = QueueStore.open(folder.getRoot().toPath(), SETTINGS, new MutableClock(Instant.parse("2025-06-01T12:00:00Z")));
    }

    @After
    public void closeStore() {
        store.close();
    }

    private void append(String id, int priority) throws Exception {
        store.append(message(id), List.of(new Destination("a", priority, null))).get();
    }

    /** Reads as the delivery loop does: what it returns is in flight from then on. */
    private List<String> next(int max) {
        List<StoredMessage> batch = store.next("a", max, inFlight);
        batch.forEach(stored -> inFlight.add(stored.id()));
        return messageIds(batch);
    }

    private long idOf(String messageId) {
        return store.peek("a", 100).stream().filter(stored -> stored.message().messageId().orElseThrow().equals(messageId))
                .findFirst().orElseThrow().id();
    }

    @Test
    public void handsOutNothingBeforeItIsOnDisk() throws Exception {
        append("m1", Destination.UNPRIORITISED);
        CompletableFuture<Void> durable;
        synchronized (store.log()) { // the committer cannot take what is appended while this is held
            durable = store.append(message("m2"), List.of(Destination.of("a")));
            assertThat(next(10), contains("m1"));
            assertThat(store.peek("a", 10, inFlight), is(empty()));
            assertThat(durable.isDone(), is(false));
        }
        durable.get(10, TimeUnit.SECONDS);
        assertThat(next(10), contains("m2"));
    }

    @Test
    public void goesOnAfterWhatItHandedOut() throws Exception {
        for (int i = 1; i <= 5; i++) {
            append("m" + i, Destination.UNPRIORITISED);
        }

        assertThat(next(2), contains("m1", "m2"));
        assertThat(next(2), contains("m3", "m4"));
        append("m6", Destination.UNPRIORITISED);
        assertThat(next(10), contains("m5", "m6"));
        assertThat(next(10), empty());
    }

    @Test
    public void aFailedDeliveryIsReadAgainAfterARewind() throws Exception {
        for (int i = 1; i <= 4; i++) {
            append("m" + i, Destination.UNPRIORITISED);
        }
        assertThat(next(4), contains("m1", "m2", "m3", "m4"));

        long failed = idOf("m2");
        inFlight.remove(failed);
        store.rewind("a", failed);

        assertThat(next(10), contains("m2"));
    }

    @Test
    public void aHigherPriorityMessageIsFoundBeforeTheRest() throws Exception {
        append("low1", 5);
        append("low2", 5);
        append("low3", 5);
        assertThat(next(1), contains("low1"));

        append("high", 1);

        assertThat(next(10), contains("high", "low2", "low3"));
    }

    @Test
    public void aNewConsumerStartsAtTheHead() throws Exception {
        append("m1", Destination.UNPRIORITISED);
        append("m2", Destination.UNPRIORITISED);
        assertThat(next(2), contains("m1", "m2"));

        inFlight.clear();
        store.rewind("a");

        assertThat(next(10), contains("m1", "m2"));
    }

    @Test
    public void acknowledgedMessagesAreNotReadAgain() throws Exception {
        append("m1", Destination.UNPRIORITISED);
        append("m2", Destination.UNPRIORITISED);
        assertThat(next(1), contains("m1"));

        store.acknowledge("a", List.of(idOf("m1")));
        inFlight.clear();

        assertThat(next(10), contains("m2"));
    }
}
