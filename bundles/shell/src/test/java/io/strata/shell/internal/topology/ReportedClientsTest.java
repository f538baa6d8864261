package io.strata.shell.internal.topology;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import io.strata.shell.internal.topology.ReportedClients.Client;
import org.junit.Test;

public class ReportedClientsTest {

    @Test
    public void readsTheClientsAChildReportsOrderedByIdWithWhenEachWasLastSeen() {
        String reported = """
                {"lastDesiredStatus": {"code": 200}, "clients": {
                  "sensor-9": {"status": "Disconnected", "lastConnectedTimeUtc": "2026-01-01T00:00:00Z",
                               "lastDisconnectedTimeUtc": "2026-01-01T01:00:00Z"},
                  "line-2/filter": {"status": "Connected", "lastConnectedTimeUtc": "2026-01-01T02:00:00Z"},
                  "plc-1": {"status": "Disconnected", "lastConnectedTimeUtc": "2026-01-01T03:00:00Z"}}}
                """;

        assertThat(ReportedClients.of(reported), contains(
                new Client("line-2/filter", "Connected", "2026-01-01T02:00:00Z"),
                new Client("plc-1", "Disconnected", "2026-01-01T03:00:00Z"),
                new Client("sensor-9", "Disconnected", "2026-01-01T01:00:00Z")));
    }

    @Test
    public void aSectionWithoutClientsHasNone() {
        assertThat(ReportedClients.of("{}"), is(empty()));
        assertThat(ReportedClients.of("{\"clients\": 5}"), is(empty()));
    }
}
