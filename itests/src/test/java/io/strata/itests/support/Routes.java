package io.strata.itests.support;

import io.strata.itests.process.KarafNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Routes of a real node: deployed as an operator does, and read back from its shell. */
public final class Routes {

    private static final Duration ROUTES_TIMEOUT = Duration.ofSeconds(60);

    private Routes() {
    }

    /**
     * Sets the {@code $edgeHub} desired properties from the node's shell, as the deployment manifest's
     * {@code $edgeHub} section would. The JSON goes on one line in single quotes; routes quote their
     * strings with double quotes.
     */
    public static void deploy(KarafNode node, String deviceId, String edgeHubDesired) throws Exception {
        node.execute("edge:twin set-desired '" + deviceId + "/$edgeHub' '" + edgeHubDesired.replaceAll("\\s*\\n\\s*", " ")
                + "'");
    }

    /** Waits until {@code edge:routes} lists the given number of routes. */
    public static void awaitRoutes(KarafNode node, int count) throws Exception {
        Instant deadline = Instant.now().plus(ROUTES_TIMEOUT);
        String routes = "";
        while (Instant.now().isBefore(deadline)) {
            routes = node.execute("edge:routes");
            if (routes.lines().filter(line -> line.contains("FROM")).count() >= count) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the node did not take " + count + " routes within " + ROUTES_TIMEOUT + ":\n" + routes);
    }

    /**
     * Waits until the node reports the given {@code lastDesiredStatus} code for its {@code $edgeHub} twin,
     * and returns the twin as {@code edge:twin show} prints it.
     */
    public static String awaitEdgeHubStatus(KarafNode node, String deviceId, int code) throws Exception {
        Instant deadline = Instant.now().plus(ROUTES_TIMEOUT);
        String twin = "";
        while (Instant.now().isBefore(deadline)) {
            twin = node.execute("edge:twin show '" + deviceId + "/$edgeHub'");
            if (twin.replaceAll("\\s", "").contains("\"lastDesiredStatus\":{\"code\":" + code)) {
                return twin;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the node did not report status " + code + " for $edgeHub within " + ROUTES_TIMEOUT
                + ":\n" + twin);
    }

    /** A column of the endpoint's row in {@code edge:queues}. */
    public static String queueColumn(KarafNode node, String endpoint, String column) throws Exception {
        String queues = node.execute("edge:queues");
        List<String> lines = queues.lines().filter(line -> line.contains("|")).toList();
        List<String> header = cells(lines.get(0));
        for (String line : lines) {
            List<String> row = cells(line);
            if (row.get(0).contains(endpoint)) {
                return row.get(header.indexOf(column));
            }
        }
        throw new AssertionError("no queue for " + endpoint + " in:\n" + queues);
    }

    private static List<String> cells(String line) {
        return Arrays.stream(line.split("\\|")).map(String::strip).toList();
    }
}
