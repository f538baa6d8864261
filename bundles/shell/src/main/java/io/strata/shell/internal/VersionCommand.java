package io.strata.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

/** Prints the version of the Strata node, so support can tell which build a gateway runs. */
@Command(scope = "edge", name = "version", description = "Shows the Strata version of this node")
@Service
public class VersionCommand implements Action {

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() {
        System.out.println("Strata " + bundleContext.getBundle().getVersion());
        return null;
    }
}
