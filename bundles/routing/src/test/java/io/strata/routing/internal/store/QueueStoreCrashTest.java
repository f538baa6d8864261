package io.strata.routing.internal.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import io.strata.api.message.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What append promises: the message is on disk when it returns, however the process ends, and under concurrency. */
public class QueueStoreCrashTest {
    private static final int MESSAGES = 200;

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void everyAppendedMessageSurvivesAHaltedProcess() throws Exception {
        Path file = folder.getRoot().toPath().resolve("log");
        Process appender = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AppendThenHalt.class.getName(), file.toString(),
                Integer.toString(MESSAGES))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(appender.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(appender.waitFor(60, TimeUnit.SECONDS), is(true));

        assertThat(appender.exitValue(), is(0));
        assertThat(output.strip(), is("appended"));
        try (QueueStore store = QueueStore.open(file, AppendThenHalt.SETTINGS, Clock.systemUTC())) {
            List<String> ids = store.peek("$upstream", MESSAGES + 1).stream()
                    .map(stored -> stored.message().messageId().orElseThrow()).collect(Collectors.toList());
            assertThat(ids, is(IntStream.range(0, MESSAGES).mapToObj(i -> "m" + i).collect(Collectors.toList())));
        }
    }

    @Test
    public void concurrentAppendsAllReturnAndAllAreStoredInEachWritersOrder() throws Exception {
        int writers = 8;
        int appendsEach = 50;
        QueueStore store = QueueStore.open(folder.getRoot().toPath().resolve("log"), AppendThenHalt.SETTINGS,
                Clock.systemUTC());
        try {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                String name = "w" + writer;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < appendsEach; i++) {
                        store.append(Message.builder().messageId(name + "-" + i).applicationProperty("writer", name).build(),
                                List.of(Destination.of("a"), Destination.of("b"))).get();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : done) {
                writer.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            for (String endpoint : List.of("a", "b")) {
                List<StoredMessage> stored = store.peek(endpoint, writers * appendsEach + 1);
                assertThat(stored.size(), is(writers * appendsEach));
                for (int writer = 0; writer < writers; writer++) {
                    String name = "w" + writer;
                    List<String> ids = stored.stream().map(StoredMessage::message)
                            .filter(message -> name.equals(message.applicationProperties().get("writer")))
                            .map(message -> message.messageId().orElseThrow()).collect(Collectors.toList());
                    assertThat(ids, contains(IntStream.range(0, appendsEach).mapToObj(i -> name + "-" + i).toArray()));
                }
            }
        } finally {
            store.close();
        }
    }

    @Test
    public void aConsumerPeekingWhileWritersAppendGetsEveryMessageOnce() throws Exception {
        int writers = 4;
        int appendsEach = 2000;
        QueueStore store = QueueStore.open(folder.getRoot().toPath().resolve("log"), AppendThenHalt.SETTINGS,
                Clock.systemUTC());
        try {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> done = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                String name = "w" + writer;
                done.add(pool.submit(() -> {
                    List<java.util.concurrent.CompletableFuture<Void>> durable = new ArrayList<>();
                    for (int i = 0; i < appendsEach; i++) {
                        durable.add(store.append(Message.builder().messageId(name + "-" + i).build(), List.of(Destination.of("a"))));
                    }
                    java.util.concurrent.CompletableFuture.allOf(durable.toArray(java.util.concurrent.CompletableFuture[]::new)).get();
                    return null;
                }));
            }
            java.util.Set<String> received = new java.util.HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < writers * appendsEach && System.nanoTime() < deadline) {
                List<StoredMessage> batch = store.peek("a", 64);
                batch.forEach(stored -> assertThat("delivered once", received.add(stored.message().messageId().orElseThrow()), is(true)));
                store.acknowledge("a", batch.stream().map(StoredMessage::id).collect(Collectors.toList()));
            }
            for (Future<?> writer : done) {
                writer.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(received.size(), is(writers * appendsEach));
            assertThat(store.stats("a").depth(), is(0L));
        } finally {
            store.close();
        }
    }
}
