package io.strata.shell.internal.routes;

import io.strata.api.routing.EndpointStatus;
import io.strata.api.routing.RoutingDiagnostics;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** The store-and-forward queue of every endpoint. */
@Command(scope = "edge", name = "queues", description = "Shows each endpoint's queue: depth, age of the oldest "
        + "message, checkpoint, deliveries, expired and dropped messages, failures and the last error")
@Service
public class QueuesCommand extends RoutingCommand {

    @Option(name = "--no-format", description = "Disable table rendered output")
    boolean noFormat;

    @Override
    void run(RoutingDiagnostics routing) {
        ShellTable table = new ShellTable();
        table.column("Endpoint");
        table.column("State");
        table.column("Depth");
        table.column("Oldest (s)");
        table.column("Checkpoint");
        table.column("Delivered");
        table.column("Expired");
        table.column("Dropped");
        table.column("Failures");
        table.column("Last error");
        for (EndpointStatus endpoint : routing.endpoints()) {
            table.addRow().addContent(endpoint.id(), endpoint.state(), endpoint.depth(),
                    endpoint.oldestAge().toSeconds(), endpoint.checkpoint(), endpoint.delivered(), endpoint.expired(),
                    endpoint.dropped(), endpoint.failures(), endpoint.lastError() == null ? "" : endpoint.lastError());
        }
        table.print(System.out, !noFormat);
    }
}
