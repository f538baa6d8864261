package io.strata.shell.internal.routes;

import io.strata.api.routing.RouteTestResult;
import io.strata.api.routing.RoutingDiagnostics;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Tries a route on a message without sending anything. Both go in single quotes, as the shell would
 * read braces as a closure and take double quotes for its own.
 */
@Command(scope = "edge", name = "routes-test", description = "Tells whether a route takes a message, and why not",
        detailedDescription = "edge:routes-test '<route>' '<message JSON>', e.g. edge:routes-test "
                + "'FROM /messages/modules/sensor/* WHERE $body.temperature > 30 INTO $upstream' "
                + "'{\"body\":{\"temperature\":35},\"properties\":{\"kind\":\"t\"},"
                + "\"systemProperties\":{\"$connectionDeviceId\":\"edge-1\",\"$connectionModuleId\":\"sensor\"}}'")
@Service
public class RoutesTestCommand extends RoutingCommand {

    @Argument(index = 0, name = "route", required = true, description = "the route, as written in a manifest")
    String route;

    @Argument(index = 1, name = "message", required = true, description = "the message as JSON: body, "
            + "properties (strings or null), systemProperties (any: $contentType, $connectionDeviceId, "
            + "$connectionModuleId, $outputName, ...)")
    String message;

    @Override
    void run(RoutingDiagnostics routing) {
        RouteTestResult result = routing.test(route, message);
        System.out.println((result.matched() ? "Matched: " : "Not matched: ") + result.explanation());
    }
}
