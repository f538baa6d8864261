package io.strata.shell.internal.routes;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.strata.api.routing.EndpointStatus;
import io.strata.api.routing.RouteStatus;
import io.strata.api.routing.RouteTestResult;
import io.strata.api.routing.RoutingDiagnostics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The routes tables as people read them, and with --no-format as Karaf's own commands print them for
 * scripts: no header, no separator lines, cells divided by tabs.
 */
public class RoutesCommandTest {

    private static final RoutingDiagnostics ONE_ROUTE = new RoutingDiagnostics() {
        @Override
        public List<RouteStatus> routes() {
            return List.of(new RouteStatus("all", "FROM /messages/* INTO $upstream", 2, Duration.ofSeconds(60), 7));
        }

        @Override
        public Map<String, Long> unrouted() {
            return Map.of("device sensor-1", 3L);
        }

        @Override
        public List<EndpointStatus> endpoints() {
            return List.of();
        }

        @Override
        public RouteTestResult test(String route, String message) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    public void drawsHeadersAndColumnsByDefault() {
        String output = run(new RoutesCommand());

        assertThat(output, is("Name | Priority | TTL (s) | Matched | Route\n"
                + "-----+----------+---------+---------+--------------------------------\n"
                + "all  | 2        | 60      | 7       | FROM /messages/* INTO $upstream\n"
                + "\n"
                + "Unrouted from   | Messages\n"
                + "----------------+---------\n"
                + "device sensor-1 | 3\n"));
    }

    @Test
    public void printsTabSeparatedRowsOnlyWithNoFormat() {
        RoutesCommand command = new RoutesCommand();
        command.noFormat = true;

        String output = run(command);

        assertThat(output, is("all \t2       \t60     \t7      \tFROM /messages/* INTO $upstream\n"
                + "\n"
                + "device sensor-1\t3\n"));
    }

    private static String run(RoutesCommand command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            command.routing = ONE_ROUTE;
            command.execute();
        } finally {
            System.setOut(console);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
