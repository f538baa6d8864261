package io.strata.shell.internal.routes;

import io.strata.api.routing.RouteStatus;
import io.strata.api.routing.RoutingDiagnostics;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** The routes in force from the deployment manifest's $edgeHub section, and the messages none of them took. */
@Command(scope = "edge", name = "routes", description = "Lists the routes in force and how many messages each matched, "
        + "then how many messages no route took, per source (the edge hub drops them)")
@Service
public class RoutesCommand extends RoutingCommand {

    @Option(name = "--no-format", description = "Disable table rendered output")
    boolean noFormat;

    @Override
    void run(RoutingDiagnostics routing) {
        ShellTable routes = new ShellTable();
        routes.column("Name");
        routes.column("Priority");
        routes.column("TTL (s)");
        routes.column("Matched");
        routes.column("Route");
        for (RouteStatus route : routing.routes()) {
            routes.addRow().addContent(route.name(), route.priority() < 0 ? "" : route.priority(),
                    route.timeToLive() == null ? "" : route.timeToLive().toSeconds(), route.matched(), route.text());
        }
        routes.print(System.out, !noFormat);

        Map<String, Long> unrouted = routing.unrouted();
        if (unrouted.isEmpty()) {
            System.out.println("Unrouted: none");
            return;
        }
        System.out.println();
        ShellTable dropped = new ShellTable();
        dropped.column("Unrouted from");
        dropped.column("Messages");
        unrouted.forEach((source, count) -> dropped.addRow().addContent(source, count));
        dropped.print(System.out, !noFormat);
    }
}
