package io.strata.shell.internal.routes;

import io.strata.api.routing.RoutingDiagnostics;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** A command that reads the router's state. */
abstract class RoutingCommand implements Action {

    // Optional: a mandatory reference would hold back every command of this bundle while routing is not installed.
    @Reference(optional = true)
    RoutingDiagnostics routing;

    @Override
    public final Object execute() {
        if (routing == null) {
            throw new IllegalStateException("The router is not running: feature:install strata-routing");
        }
        run(routing);
        return null;
    }

    abstract void run(RoutingDiagnostics routing);
}
