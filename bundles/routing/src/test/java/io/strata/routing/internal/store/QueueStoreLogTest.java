package io.strata.routing.internal.store;

import static io.strata.routing.internal.store.QueueStoreTest.message;
import static io.strata.routing.internal.store.QueueStoreTest.messageIds;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import io.strata.api.message.Message;
import io.strata.testing.CapturedLog;
import io.strata.testing.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The log under the queues: written once per message, cut at a torn tail, resumed at checkpoints, deleted from the head. */
public class QueueStoreLogTest {
    private static final StoreSettings SETTINGS = new StoreSettings(100_000_000, FullPolicy.REFUSE_NEW, Duration.ofHours(2));

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    @Rule
    public final CapturedLog log = new CapturedLog();

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private Path directory;
    private QueueStore store;

    private QueueStore open(long segmentBytes) {
        directory = folder.getRoot().toPath().resolve("log");
        store = QueueStore.open(directory, segmentBytes, SETTINGS, clock);
        return store;
    }

    @After
    public void closeStore() {
        store.close();
    }

    private static Message bodyOf(String id, int bytes) {
        return Message.builder().messageId(id).body(new byte[bytes]).build();
    }

    private long logBytes() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private Path lastSegment() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toFile().length() > 0).max(Path::compareTo).orElseThrow();
        }
    }

    private void appendTo(String endpoint, String... ids) throws Exception {
        for (String id : ids) {
            store.append(message(id), List.of(Destination.of(endpoint))).get();
        }
    }

    @Test
    public void aMessageForThreeEndpointsIsWrittenOnce() throws Exception {
        open(QueueStore.SEGMENT_BYTES);
        List<Destination> three = List.of(Destination.of("a"), Destination.of("b"), Destination.of("c"));
        store.append(bodyOf("warm-up", 10_000), three).get();
        long before = logBytes();

        store.append(bodyOf("m", 10_000), three).get();

        long growth = logBytes() - before;
        assertThat("about one copy of the 10,000-byte body", growth, lessThan(10_200L));
        for (String endpoint : List.of("a", "b", "c")) {
            assertThat(messageIds(store.peek(endpoint, 10)), contains("warm-up", "m"));
        }
    }

    @Test
    public void aTruncatedLastRecordIsCutOnOpeningAndEverythingBeforeItIsThere() throws Exception {
        open(QueueStore.SEGMENT_BYTES);
        appendTo("a", "m1", "m2", "m3");
        store.close();
        Path segment = lastSegment();
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size - 5);
        }

        open(QueueStore.SEGMENT_BYTES);

        assertThat(messageIds(store.peek("a", 10)), contains("m1", "m2"));
        long cut = size - 5 - Files.size(segment);
        assertThat(log.lines(), hasItem(containsString("WARN " + SegmentLog.class.getName() + " - Message log segment " + segment
                + " ends in a torn or corrupt record: cut " + cut + " bytes")));
        appendTo("a", "m4");
        store.close();
        open(QueueStore.SEGMENT_BYTES);
        assertThat("the log goes on after the cut", messageIds(store.peek("a", 10)), contains("m1", "m2", "m4"));
    }

    @Test
    public void aCorruptLastRecordIsCutOnOpeningAndEverythingBeforeItIsThere() throws Exception {
        open(QueueStore.SEGMENT_BYTES);
        appendTo("a", "m1", "m2", "m3");
        store.close();
        Path segment = lastSegment();
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 3);
            channel.write(ByteBuffer.wrap(new byte[] {(byte) (last.get(0) ^ 0x10)}), size - 3);
        }

        open(QueueStore.SEGMENT_BYTES);

        assertThat(messageIds(store.peek("a", 10)), contains("m1", "m2"));
        assertThat(Files.size(segment), lessThan(size));
        assertThat(log.lines().stream().filter(line -> line.contains("torn or corrupt")).count(), is(1L));
    }

    @Test
    public void restartResumesEveryEndpointAtItsCheckpoint() throws Exception {
        open(4096);
        for (int i = 0; i < 60; i++) {
            store.append(message("m" + i), i % 3 == 0
                    ? List.of(Destination.of("a"), Destination.of("b"), new Destination("c", 1, null))
                    : List.of(Destination.of("a"), Destination.of("b"))).get();
        }
        store.acknowledge("a", store.peek("a", 45).stream().map(StoredMessage::id).collect(Collectors.toList()));
        store.acknowledge("b", store.peek("b", 10).stream().map(StoredMessage::id).collect(Collectors.toList()));
        store.acknowledge("c", store.peek("c", 20).stream().map(StoredMessage::id).collect(Collectors.toList()));
        store.close();

        open(4096);

        assertThat(messageIds(store.peek("a", 100)),
                is(IntStream.range(45, 60).mapToObj(i -> "m" + i).collect(Collectors.toList())));
        assertThat(messageIds(store.peek("b", 100)),
                is(IntStream.range(10, 60).mapToObj(i -> "m" + i).collect(Collectors.toList())));
        assertThat(store.peek("c", 100), is(empty()));
        assertThat(store.stats("a").checkpoint(), is(45L));
        assertThat(store.stats("b").checkpoint(), is(10L));
        assertThat(store.stats("c").checkpoint(), is(58L));
        assertThat(store.endpoints(), contains("a", "b", "c"));
    }

    @Test
    public void headSegmentsAreDeletedOnceEveryEndpointAcknowledgedThem() throws Exception {
        open(4096);
        for (int i = 0; i < 100; i++) {
            store.append(message("m" + i), List.of(Destination.of("a"), Destination.of("b"))).get();
        }
        Path first = directory.resolve(String.format("%020d.log", 1));
        assertThat("the messages took several segments", store.segmentCount(), greaterThan(2));
        store.acknowledge("a", store.peek("a", 100).stream().map(StoredMessage::id).collect(Collectors.toList()));
        store.compact();
        assertThat("b still waits for all of them", Files.exists(first), is(true));

        store.acknowledge("b", store.peek("b", 90).stream().map(StoredMessage::id).collect(Collectors.toList()));
        store.compact();

        assertThat(Files.exists(first), is(false));
        assertThat("the segments holding the last 10 stay", store.segmentCount(), greaterThan(0));
        assertThat(messageIds(store.peek("b", 100)),
                is(IntStream.range(90, 100).mapToObj(i -> "m" + i).collect(Collectors.toList())));
        store.close();
        open(4096);
        assertThat("the checkpoints outlive the segments that held the acknowledgements",
                store.stats("a").checkpoint(), is(100L));
        assertThat(store.stats("b").checkpoint(), is(90L));
        assertThat(store.peek("b", 100).size(), is(10));
    }

    @Test
    public void peekPassesOverTheGivenIdsAndReadsOldMessagesBackFromTheLog() throws Exception {
        open(QueueStore.SEGMENT_BYTES);
        appendTo("a", "m1", "m2", "m3", "m4");
        store.close();
        open(QueueStore.SEGMENT_BYTES);
        List<StoredMessage> first = store.peek("a", 2);

        List<StoredMessage> next = store.peek("a", 2, Set.of(first.get(0).id(), first.get(1).id()));

        assertThat(messageIds(next), contains("m3", "m4"));
        assertThat(next.get(0).message(), is(message("m3")));
    }
}
