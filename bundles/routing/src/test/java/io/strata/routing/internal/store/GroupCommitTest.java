package io.strata.routing.internal.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Concurrent writers share syncs, and what they waited for is in the file even without a clean close. */
public class GroupCommitTest {
    private static final int WRITERS = 16;
    private static final int WRITES_EACH = 50;

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void concurrentWritersShareSyncsAndAllTheirWritesAreOnDisk() throws Exception {
        String file = folder.getRoot().toPath().resolve("group.mv").toString();
        MVStore store = new MVStore.Builder().fileName(file).autoCommitDisabled().open();
        MVMap<Integer, Integer> map = store.openMap("writes");
        GroupCommit groupCommit = new GroupCommit(store, "test-commit");
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            int first = writer * WRITES_EACH;
            done.add(writers.submit(() -> {
                start.await();
                for (int key = first; key < first + WRITES_EACH; key++) {
                    map.put(key, key);
                    groupCommit.register().get();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> writer : done) {
            writer.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();
        long syncs = groupCommit.syncs();
        groupCommit.close();
        // Like a crash: no final commit.
        store.closeImmediately();

        assertThat(syncs, greaterThan(0L));
        assertThat(syncs, lessThan((long) WRITERS * WRITES_EACH));
        MVStore reopened = new MVStore.Builder().fileName(file).autoCommitDisabled().open();
        try {
            assertThat(reopened.<Integer, Integer>openMap("writes").size(), is(WRITERS * WRITES_EACH));
        } finally {
            reopened.close();
        }
    }
}
