package io.strata.blob.internal;

import static org.junit.Assert.assertEquals;

import io.strata.blob.internal.BlobStore.BodyChecks;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AutoDeleteTest {

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    @Test
    public void blobsOlderThanTheAgeGoAtTheNextLookAndNewerOnesStay() throws Exception {
        SettableClock clock = new SettableClock(Instant.now().minus(Duration.ofHours(1)));
        BlobStore store = new BlobStore(temporary.getRoot().toPath(), 1 << 20, clock);
        store.createContainer("aging");
        put(store, "an-hour-old");
        clock.now = Instant.now();
        put(store, "new");

        Instant deadline = Instant.now().plusSeconds(10);
        try (AutoDelete autoDelete = new AutoDelete(store, Duration.ofMinutes(30), Duration.ofMillis(50),
                Clock.systemUTC())) {
            while (store.blobs("aging").size() > 1 && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
        }
        assertEquals(List.of("new"), store.blobs("aging").stream().map(StoredBlob::name).toList());
        assertEquals(3, store.usedBytes());
    }

    /** A clock the test moves. */
    private static final class SettableClock extends Clock {

        volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static void put(BlobStore store, String name) throws Exception {
        byte[] body = name.getBytes();
        store.putBlob("aging", name, new ByteArrayInputStream(body), body.length,
                new BlobHeaders(null, null, null, null, null, Map.of()), null, new BodyChecks(null, null),
                Conditions.NONE);
    }
}
