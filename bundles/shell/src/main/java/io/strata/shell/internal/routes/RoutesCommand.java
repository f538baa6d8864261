package io.strata.shell.internal.routes;

import io.strata.api.routing.RouteStatus;
import io.strata.api.routing.RoutingDiagnostics;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** The routes of the deployment manifest's $edgeHub section, with what each matched. */
@Command(scope = "edge", name = "routes", description = "Lists the routes in force, how many messages each matched, "
        + "and the routes refused with the reason")
@Service
public class RoutesCommand extends RoutingCommand {

    @Override
    void run(RoutingDiagnostics routing) {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Priority");
        table.column("TTL (s)");
        table.column("Matched");
        table.column("Route");
        table.column("Error");
        for (RouteStatus route : routing.routes()) {
            table.addRow().addContent(route.name(), route.priority() < 0 ? "" : route.priority(),
                    route.timeToLive() == null ? "" : route.timeToLive().toSeconds(),
                    route.error() == null ? route.matched() : "", route.text() == null ? "" : route.text(),
                    route.error() == null ? "" : route.error());
        }
        table.print(System.out);
    }
}
