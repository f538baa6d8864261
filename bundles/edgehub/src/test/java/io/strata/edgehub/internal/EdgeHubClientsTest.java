package io.strata.edgehub.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.strata.api.identity.IdentityId;
import io.strata.api.module.ClientConnection;
import io.strata.testing.MemoryTwinService;
import io.strata.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.After;
import org.junit.Test;

public class EdgeHubClientsTest {

    private static final Instant T1 = Instant.parse("2026-11-23T10:15:30.123Z");
    private static final Instant T2 = Instant.parse("2026-11-23T10:16:00Z");
    private static final IdentityId SENSOR = IdentityId.device("sensor-1");
    private static final IdentityId FILTER = IdentityId.module("line-1", "filter");
    private static final IdentityId EDGE_HUB = IdentityId.module("line-1", "$edgeHub");

    private final MemoryTwinService twins = new MemoryTwinService();
    private final MutableClock clock = new MutableClock(T1);
    private final List<EdgeHubClients> started = new ArrayList<>();

    @After
    public void stop() {
        started.forEach(EdgeHubClients::deactivate);
    }

    @Test
    public void knowsWhoIsConnectedThroughWhichTransportAndSince() {
        EdgeHubClients clients = start(Duration.ofMillis(10));

        clients.connected(SENSOR, "mqtt");
        clients.connected(FILTER, "in-process");
        clock.set(T2);
        clients.disconnected(FILTER, "in-process");
        clients.disconnected(IdentityId.device("never-seen"), "mqtt");

        assertThat(clients.clients(), contains(
                new ClientConnection(FILTER, "in-process", false, T1, T2),
                new ClientConnection(SENSOR, "mqtt", true, T1, null)));
    }

    @Test
    public void aClientIsConnectedWhileSomeTransportSaysSoAndRepeatedReportsChangeNothing() {
        EdgeHubClients clients = start(Duration.ofMillis(10));

        clients.connected(SENSOR, "mqtt");
        clock.set(T2);
        clients.connected(SENSOR, "mqtt");
        clients.connected(SENSOR, "amqp");
        clients.disconnected(SENSOR, "mqtt");
        clients.disconnected(SENSOR, "mqtt");

        assertThat(clients.clients(), contains(new ClientConnection(SENSOR, "amqp", true, T2, null)));
        clients.disconnected(SENSOR, "amqp");
        assertThat(clients.clients(), contains(new ClientConnection(SENSOR, "amqp", false, T2, T2)));
    }

    @Test
    public void writesTheClientsToTheEdgeHubTwinOnlyWhatChanged() throws Exception {
        EdgeHubClients clients = start(Duration.ofMillis(10));

        clients.connected(SENSOR, "mqtt");
        awaitPatches(1);
        clients.connected(FILTER, "in-process");
        awaitPatches(2);
        clients.connected(FILTER, "in-process");
        clock.set(T2);
        clients.disconnected(SENSOR, "mqtt");
        awaitPatches(3);
        Thread.sleep(100);

        assertThat(twins.reportedPatches, contains(
                EDGE_HUB + " {\"clients\":{\"sensor-1\":{\"status\":\"Connected\",\"lastConnectedTimeUtc\":\"2026-11-23T10:15:30.123Z\"}}}",
                EDGE_HUB + " {\"clients\":{\"line-1/filter\":{\"status\":\"Connected\",\"lastConnectedTimeUtc\":\"2026-11-23T10:15:30.123Z\"}}}",
                EDGE_HUB + " {\"clients\":{\"sensor-1\":{\"status\":\"Disconnected\",\"lastConnectedTimeUtc\":\"2026-11-23T10:15:30.123Z\","
                        + "\"lastDisconnectedTimeUtc\":\"2026-11-23T10:16:00Z\"}}}"));
    }

    @Test
    public void writesAtMostOnceAnIntervalWithTheLastState() throws Exception {
        EdgeHubClients clients = start(Duration.ofMillis(400));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        reportConcurrently(threads, 200, i -> clients.connected(IdentityId.device("device-" + (i % 20)), "mqtt"));
        reportConcurrently(threads, 20, i -> clients.disconnected(IdentityId.device("device-" + i), "mqtt"));
        threads.shutdown();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Thread.sleep(1000);

        // the first write goes at once, every other waits for the interval
        assertThat(twins.reportedPatches.size(), lessThanOrEqualTo(2 + (int) (elapsedMillis / 400)));
        assertThat(clients.clients().stream().filter(ClientConnection::connected).count(), is(0L));
        String last = twins.reportedPatches.get(twins.reportedPatches.size() - 1);
        assertThat(last.contains("\"Connected\""), is(false));
    }

    @Test
    public void setsClientsAnEarlierRunLeftConnectedToDisconnected() throws Exception {
        twins.patchReported(EDGE_HUB, "{\"lastDesiredStatus\":{\"code\":200},\"clients\":{"
                + "\"sensor-1\":{\"status\":\"Connected\",\"lastConnectedTimeUtc\":\"2026-01-01T00:00:00Z\"},"
                + "\"sensor-2\":{\"status\":\"Disconnected\",\"lastConnectedTimeUtc\":\"2026-01-01T00:00:00Z\"}}}");
        twins.reportedPatches.clear();

        EdgeHubClients clients = start(Duration.ofMillis(10));
        awaitPatches(1);
        clients.connected(IdentityId.device("sensor-2"), "mqtt");
        awaitPatches(2);

        assertThat(twins.reportedPatches, contains(
                EDGE_HUB + " {\"clients\":{\"sensor-1\":{\"status\":\"Disconnected\",\"lastConnectedTimeUtc\":\"2026-01-01T00:00:00Z\"}}}",
                EDGE_HUB + " {\"clients\":{\"sensor-2\":{\"status\":\"Connected\",\"lastConnectedTimeUtc\":\"2026-11-23T10:15:30.123Z\"}}}"));
        assertThat(clients.clients().size(), is(1));
    }

    @Test
    public void writesNothingWhileNothingChanged() throws Exception {
        start(Duration.ofMillis(10));

        Thread.sleep(100);

        assertThat(twins.reportedPatches, is(empty()));
    }

    private static void reportConcurrently(ExecutorService threads, int count, IntConsumer report)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            int n = i;
            threads.execute(() -> {
                report.accept(n);
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS), is(true));
    }

    private EdgeHubClients start(Duration interval) {
        EdgeHubClients clients = new EdgeHubClients(twins, "line-1", clock, interval);
        started.add(clients);
        return clients;
    }

    private void awaitPatches(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (twins.reportedPatches.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(twins.reportedPatches.size(), is(count));
    }
}
