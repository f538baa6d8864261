package io.strata.metrics.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.Assert.assertThrows;

import io.strata.api.message.Message;
import io.strata.api.message.SystemProperty;
import io.strata.api.metrics.NodeHealth;
import io.strata.api.metrics.SeenHealth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class HealthTest {

    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final FakeNode node = new FakeNode();

    @Test
    public void measuresTheFiguresAnOperatorLooksAtFirst() {
        node.endpoints.add(FakeNode.endpoint("$upstream", 4, 10));
        node.endpoints.add(FakeNode.endpoint("BrokeredEndpoint(\"/modules/f/inputs/i\")", 1, 5));
        node.unrouted = java.util.Map.of("device a", 2L, "device b", 1L);
        node.clients.add(FakeNode.client("a", true));
        node.modules.add(FakeNode.module("f", "failed", 0));
        node.modules.add(FakeNode.module("g", "running", 0));
        node.upstream = io.strata.api.node.UpstreamStatus.State.CONNECTING;

        assertThat(HealthProbe.measure("line-1", node.sources(true), NOW),
                equalTo(new NodeHealth("line-1", NOW, "CONNECTING", 5, 15, 3, 1, 1)));
        assertThat(HealthProbe.measure("top", node.sources(false), NOW).upstream(), equalTo("NONE"));
    }

    @Test
    public void aReportReadsBackAsItWasSentUnderTheSendersId() {
        NodeHealth health = new NodeHealth("forged", NOW, "CONNECTED", 1, 2, 3, 4, 5);

        assertThat(HealthJson.read("line-1", HealthJson.write(health)),
                equalTo(new NodeHealth("line-1", NOW, "CONNECTED", 1, 2, 3, 4, 5)));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aBodyThatIsNoReportIsRefused() {
        HealthJson.read("line-1", "{\"queuedMessages\": 1}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void theHubKeepsTheLastReportOfEveryNodeFromItsEventLog() {
        LastSeenHealth hub = new LastSeenHealth(healthFile());
        hub.logged(report("line-1", new NodeHealth("line-1", NOW, "CONNECTED", 7, 0, 0, 0, 0)), NOW.plusSeconds(1));
        hub.logged(Message.builder().body("{\"temperature\": 20}".getBytes(StandardCharsets.UTF_8))
                .systemProperty(SystemProperty.CONNECTION_DEVICE_ID, "line-1")
                .systemProperty(SystemProperty.CONNECTION_MODULE_ID, "tempSensor").build(), NOW.plusSeconds(2));
        hub.logged(report("cell-1", new NodeHealth("cell-1", NOW, "DISCONNECTED", 0, 0, 0, 0, 2)), NOW.plusSeconds(3));
        hub.logged(report("line-1", new NodeHealth("line-1", NOW.plusSeconds(60), "CONNECTED", 9, 0, 0, 0, 0)),
                NOW.plusSeconds(61));

        Optional<SeenHealth> line = hub.lastSeen("line-1");
        assertThat(line.map(seen -> seen.health().queuedMessages()), equalTo(Optional.of(9L)));
        assertThat(line.map(SeenHealth::receivedAt), equalTo(Optional.of(NOW.plusSeconds(61))));
        assertThat(hub.lastSeen("cell-1").map(seen -> seen.health().failedModules()), equalTo(Optional.of(2)));
        assertThat(hub.lastSeen("tempSensor"), equalTo(Optional.empty()));
    }

    @Test
    public void aRestartedHubStillHasTheLastReportsAndWhenTheyCame() throws IOException {
        LastSeenHealth hub = new LastSeenHealth(healthFile());
        hub.logged(report("line-1", new NodeHealth("line-1", NOW, "CONNECTED", 7, 8, 9, 3, 1)), NOW.plusSeconds(1));
        hub.saveIfChanged();

        LastSeenHealth restarted = new LastSeenHealth(healthFile());

        assertThat(restarted.lastSeen("line-1"), equalTo(Optional.of(new SeenHealth(
                new NodeHealth("line-1", NOW, "CONNECTED", 7, 8, 9, 3, 1), NOW.plusSeconds(1)))));
        assertThat(Files.getPosixFilePermissions(healthFile().path()), equalTo(PosixFilePermissions.fromString("rw-------")));
    }

    @Test
    public void aHealthFileThatCannotBeReadIsNamedAndTheHubStartsEmpty() throws IOException {
        Files.createDirectories(healthFile().path().getParent());
        Files.writeString(healthFile().path(), "{\"nodes\":[{\"receivedAt\":\"yesterday\"}]}");

        IOException refused = assertThrows(IOException.class, () -> healthFile().read());
        assertThat(refused.getMessage().startsWith(healthFile().path() + " is not a health file"), equalTo(true));
        assertThat(new LastSeenHealth(healthFile()).lastSeen("line-1"), equalTo(Optional.empty()));
    }

    @Test
    public void theHubKeepsAtMostTheBoundOfNodesDroppingTheLongestSilent() {
        LastSeenHealth hub = new LastSeenHealth(healthFile());
        for (int n = 0; n <= LastSeenHealth.MAX_NODES; n++) {
            String deviceId = "node-" + n;
            hub.logged(report(deviceId, new NodeHealth(deviceId, NOW, "CONNECTED", 0, 0, 0, 0, 0)), NOW.plusSeconds(n));
        }

        assertThat(hub.lastSeen("node-0"), equalTo(Optional.empty()));
        assertThat(hub.lastSeen("node-1").isPresent(), equalTo(true));
        assertThat(hub.lastSeen("node-" + LastSeenHealth.MAX_NODES).isPresent(), equalTo(true));
    }

    private HealthFile healthFile() {
        return new HealthFile(folder.getRoot().toPath().resolve("strata/metrics/tree-health.json"));
    }

    private static Message report(String deviceId, NodeHealth health) {
        return Message.builder().body(HealthJson.write(health))
                .systemProperty(SystemProperty.CONNECTION_DEVICE_ID, deviceId)
                .systemProperty(SystemProperty.CONNECTION_MODULE_ID, HealthReporter.MODULE_ID).build();
    }
}
