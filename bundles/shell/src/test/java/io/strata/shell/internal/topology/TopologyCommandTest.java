package io.strata.shell.internal.topology;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityKind;
import io.strata.api.metrics.NodeHealth;
import io.strata.api.metrics.SeenHealth;
import io.strata.api.module.ClientConnection;
import io.strata.api.module.ClientConnections;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeSettings;
import io.strata.testing.MemoryIdentityRegistry;
import io.strata.testing.MemoryTwinService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.Test;

/** edge:topology at the hub of hub → line-1 → cell-1 → sensor-1. */
public class TopologyCommandTest {

    private static final String CONNECTED = "\"status\":\"Connected\",\"lastConnectedTimeUtc\":\"2026-12-07T08:00:00Z\"";

    @Test
    public void showsEveryLevelOfTheTreeWithTheHealthEachNodeLastSent() throws Exception {
        TopologyCommand command = new TopologyCommand();
        command.noFormat = true;
        command.node = new ThisNode(ValidatedConfiguration.read(NodeConfiguration.class, NodeSettings.PID,
                Map.of("hostname", "hub", "deviceId", "hub")));
        MemoryIdentityRegistry registry = new MemoryIdentityRegistry("hub");
        registry.add(device("hub", IdentityKind.EDGE_DEVICE, null));
        registry.add(device("line-1", IdentityKind.EDGE_DEVICE, "hub"));
        registry.add(device("cell-1", IdentityKind.EDGE_DEVICE, "line-1"));
        registry.add(device("sensor-1", IdentityKind.LEAF_DEVICE, "cell-1"));
        command.registry = registry;
        MemoryTwinService twins = new MemoryTwinService();
        twins.patchReported(IdentityId.module("line-1", "$edgeHub"), "{\"clients\": {\"cell-1\": {" + CONNECTED
                + "}, \"line-1/$edgeAgent\": {" + CONNECTED + "}}}");
        twins.patchReported(IdentityId.module("cell-1", "$edgeHub"), "{\"clients\": {}}");
        command.twins = twins;
        command.connections = new Connected(new ClientConnection(IdentityId.parse("line-1"), "amqp", true,
                Instant.parse("2026-12-07T07:59:00Z"), null));
        Instant now = Instant.now();
        command.health = deviceId -> deviceId.equals("cell-1") ? Optional.of(new SeenHealth(
                new NodeHealth("cell-1", now, "CONNECTED", 7, 10, 0, 3, 1), now.minusSeconds(4))) : Optional.empty();

        String output = run(command);

        assertThat(output, containsString("Health:   no report yet"));
        // the cells of each row, without the padding after them: the indentation shows the level
        List<String> rows = output.lines().filter(line -> line.contains("\t"))
                .map(line -> Arrays.stream(line.split("\t", -1)).map(String::stripTrailing)
                        .collect(Collectors.joining("|")))
                .toList();
        assertThat(rows.get(0), is("line-1|edge|Connected|amqp|2026-12-07T07:59:00Z|no report yet"));
        assertThat(rows.get(1), matchesPattern("  cell-1\\|edge\\|Connected\\|\\|2026-12-07T08:00:00Z\\|queued 7, "
                + "upstream CONNECTED, 3 clients, 1 failed modules, [45] s ago"));
        assertThat(rows.get(2), is("    sensor-1|leaf|Not reported|||"));
        assertThat(rows.get(3), is("  line-1/$edgeAgent||Connected||2026-12-07T08:00:00Z|"));
        assertThat(rows.size(), is(4));
    }

    private static Identity device(String id, IdentityKind kind, String parent) {
        return new Identity(IdentityId.device(id), kind, true, Credentials.generateSymmetricKeys(), parent);
    }

    private static String run(TopologyCommand command) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            command.execute();
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private record Connected(ClientConnection client) implements ClientConnections {
        @Override
        public void connected(IdentityId id, String transport) {
        }

        @Override
        public void disconnected(IdentityId id, String transport) {
        }

        @Override
        public List<ClientConnection> clients() {
            return List.of(client);
        }
    }
}
