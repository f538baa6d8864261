package io.strata.edgehub.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import io.strata.api.module.ClientConnection;
import io.strata.api.twin.TwinService;
import io.strata.testing.CapturedLog;
import io.strata.testing.MemoryTwinService;
import io.strata.testing.MutableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

public class EdgeHubClientsTest {

    private static final Instant T1 = Instant.parse("2026-11-23T10:15:30.123Z");
    private static final Instant T2 = Instant.parse("2026-11-23T10:16:00Z");
    private static final IdentityId SENSOR = IdentityId.device("sensor-1");
    private static final IdentityId FILTER = IdentityId.module("line-1", "filter");
    private static final IdentityId EDGE_HUB = IdentityId.module("line-1", "$edgeHub");

    @Rule
    public CapturedLog log = new CapturedLog();

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

    @Test
    public void reportsAtMostTheBoundConnectedClientsFirst() throws Exception {
        EdgeHubClients clients = start(Duration.ofMillis(10), 3);
        for (String id : List.of("a", "b", "c", "d")) {
            clients.connected(IdentityId.device(id), "mqtt");
        }
        awaitReported(Set.of("a", "b", "c"));

        clients.disconnected(IdentityId.device("b"), "mqtt");
        awaitReported(Set.of("a", "c", "d"));
        clients.disconnected(IdentityId.device("a"), "mqtt");
        clients.connected(IdentityId.device("e"), "mqtt");
        awaitReported(Set.of("c", "d", "e"));

        assertThat(reportedClients().get("e").path("status").asText(), is("Connected"));
        assertThat(clients.clients().size(), is(5));
    }

    @Test
    public void aDisconnectedClientStaysReportedWhileThereIsRoom() throws Exception {
        EdgeHubClients clients = start(Duration.ofMillis(10), 3);
        clients.connected(SENSOR, "mqtt");
        clients.disconnected(SENSOR, "mqtt");
        clients.connected(FILTER, "in-process");
        awaitReported(Set.of("sensor-1", "line-1/filter"));

        assertThat(reportedClients().get("sensor-1").path("status").asText(), is("Disconnected"));
    }

    @Test
    public void tenThousandClientsFitTheReportAndAChangeWritesOnlyItsEntries() throws Exception {
        EdgeHubClients clients = start(Duration.ofMillis(10), EdgeHubClients.MAX_REPORTED_CLIENTS);
        for (int i = 0; i < 10_000; i++) {
            clients.connected(IdentityId.module("device-with-a-long-name-" + i, "module-" + i), "mqtt");
        }
        awaitReportedCount(EdgeHubClients.MAX_REPORTED_CLIENTS);
        assertThat(twins.get(EDGE_HUB).reported().length(), lessThanOrEqualTo(TwinService.MAX_SECTION_BYTES));
        String reportedOne = reportedClients().fieldNames().next();
        int patches = twins.reportedPatches.size();

        clients.disconnected(IdentityId.parse(reportedOne), "mqtt");
        awaitPatches(patches + 1);

        // the disconnected client gives way to the first client that waits for a place
        String patch = twins.reportedPatches.get(patches);
        assertThat(patch, containsString("\"" + reportedOne + "\":null"));
        assertThat(Json.mapper().readTree(patch.substring(patch.indexOf(' ') + 1)).path("clients").size(), is(2));
        assertThat(clients.clients().size(), is(10_000));
    }

    @Test
    public void aFailedWriteIsLoggedOnceAndItsEntriesGoWithTheNextWrite() throws Exception {
        AtomicBoolean refuse = new AtomicBoolean(true);
        TwinService refusing = (TwinService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TwinService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("patchReported") && refuse.get()) {
                        throw new IllegalArgumentException("too large");
                    }
                    return method.invoke(twins, args);
                });
        EdgeHubClients clients = new EdgeHubClients(refusing, "line-1", clock, Duration.ofMillis(10));
        started.add(clients);

        clients.connected(SENSOR, "mqtt");
        awaitLogged("Cannot write", 1);
        for (int i = 0; i < 3; i++) {
            clients.connected(IdentityId.device("device-" + i), "mqtt");
            Thread.sleep(50);
        }
        refuse.set(false);
        clients.connected(FILTER, "in-process");
        awaitReported(Set.of("sensor-1", "device-0", "device-1", "device-2", "line-1/filter"));

        assertThat(logged("Cannot write"), is(1L));
        awaitLogged("again, after", 1);
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
        return start(interval, EdgeHubClients.MAX_REPORTED_CLIENTS);
    }

    private EdgeHubClients start(Duration interval, int maxReported) {
        EdgeHubClients clients = new EdgeHubClients(twins, "line-1", clock, interval, maxReported);
        started.add(clients);
        return clients;
    }

    private JsonNode reportedClients() throws Exception {
        return Json.mapper().readTree(twins.get(EDGE_HUB).reported()).path("clients");
    }

    private void awaitReported(Set<String> ids) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!reportedIds().equals(ids) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(reportedIds(), is(ids));
    }

    private Set<String> reportedIds() throws Exception {
        Set<String> ids = new HashSet<>();
        reportedClients().fieldNames().forEachRemaining(ids::add);
        return ids;
    }

    private void awaitReportedCount(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reportedClients().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
        assertThat(reportedClients().size(), is(count));
    }

    private long logged(String text) {
        return log.lines().stream().filter(line -> line.contains(text)).count();
    }

    private void awaitLogged(String text, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (logged(text) < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(logged(text), is(count));
    }

    private void awaitPatches(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (twins.reportedPatches.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(twins.reportedPatches.size(), is(count));
    }
}
