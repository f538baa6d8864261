package io.strata.routing.internal.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Concurrent writers share syncs, and what they waited for is in the log when it is read again, however the
 * committer's write chunks split it.
 */
public class GroupCommitTest {
    private static final int WRITERS = 16;
    private static final int WRITES_EACH = 50;

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aRecordWrittenWithoutAForceIsForcedByTheNextWaitEvenAfterTheLogMovedToANewSegment() throws Exception {
        SegmentLog log = SegmentLog.recover(folder.getRoot().toPath().resolve("log"), 4096, (segment, position, body) -> { });
        log.start(() -> RecordFormat.segmentStart(0, Map.of()), "test-commit");
        log.whenDurable().get(10, TimeUnit.SECONDS);
        ByteBuffer record = RecordFormat.forget("a");
        long end = record.remaining();
        SegmentLog.Location unforced = log.append(record);
        while (unforced.segment().written() < unforced.position() + end) { // written by a batch nobody waits for
            Thread.sleep(1);
        }

        SegmentLog.Location next = log.append(RecordFormat.forget("b".repeat(4070))); // does not fit: a new segment
        log.whenDurable().get(10, TimeUnit.SECONDS);

        assertThat(next.segment(), is(not(unforced.segment())));
        assertThat(unforced.segment().durable(), greaterThanOrEqualTo(unforced.position() + end));
        assertThat(next.segment().durable(), is(next.segment().written()));
        log.close();
    }

    @Test
    public void concurrentWritersShareSyncsAndAllTheirWritesAreOnDisk() throws Exception {
        Path directory = folder.getRoot().toPath().resolve("log");
        SegmentLog log = SegmentLog.recover(directory, QueueStore.SEGMENT_BYTES, (segment, position, body) -> { });
        log.start(() -> RecordFormat.segmentStart(0, Map.of()), "test-commit");
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            String name = "w" + writer;
            done.add(writers.submit(() -> {
                start.await();
                for (int i = 0; i < WRITES_EACH; i++) {
                    log.append(RecordFormat.forget(name));
                    log.whenDurable().get();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> writer : done) {
            writer.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();
        long syncs = log.syncs();
        // Like a crash: the files are read again without closing the log.

        assertThat(syncs, greaterThan(0L));
        assertThat(syncs, lessThan((long) WRITERS * WRITES_EACH));
        AtomicInteger forgets = new AtomicInteger();
        SegmentLog reread = SegmentLog.recover(directory, QueueStore.SEGMENT_BYTES, (segment, position, body) -> {
            if (body.get(0) == RecordFormat.FORGET) {
                forgets.incrementAndGet();
            }
        });
        assertThat(forgets.get(), is(WRITERS * WRITES_EACH));
        reread.close();
        log.close();
    }

    @Test
    public void recordsFillingManyWriteChunksAndOneLargerThanAChunkAreReadBackWholeAndInOrder() throws Exception {
        Path directory = folder.getRoot().toPath().resolve("log");
        SegmentLog log = SegmentLog.recover(directory, QueueStore.SEGMENT_BYTES, (segment, position, body) -> { });
        log.start(() -> RecordFormat.segmentStart(0, Map.of()), "test-commit");
        List<String> appended = new ArrayList<>();
        for (int i = 0; i < 2000; i++) { // about 400 KB: several chunks in one batch or more
            appended.add("endpoint-" + i + "-" + "x".repeat(180));
            log.append(RecordFormat.forget(appended.get(i)));
        }
        List<Long> ids = LongStream.range(0, 3 * WriteChunks.CHUNK_BYTES / Long.BYTES).boxed().toList();
        log.append(RecordFormat.remove(RecordFormat.Removal.ACKNOWLEDGED, "large", ids));
        appended.add("after-the-large-one");
        log.append(RecordFormat.forget("after-the-large-one"));
        log.whenDurable().get(10, TimeUnit.SECONDS);

        List<String> read = new ArrayList<>();
        AtomicInteger largeIds = new AtomicInteger();
        SegmentLog reread = SegmentLog.recover(directory, QueueStore.SEGMENT_BYTES, (segment, position, body) -> {
            if (body.get(0) == RecordFormat.FORGET) {
                byte[] name = new byte[body.getShort(1)];
                body.get(3, name);
                read.add(new String(name, StandardCharsets.UTF_8));
            } else if (body.get(0) == RecordFormat.REMOVE) {
                largeIds.set(body.getInt(1 + 1 + Short.BYTES + "large".length()));
            }
        });
        assertThat(read, is(appended));
        assertThat(largeIds.get(), is(ids.size()));
        reread.close();
        log.close();
    }
}
