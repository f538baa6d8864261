package io.strata.support.internal;

import io.strata.api.support.SupportBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code edge:support-bundle}, as {@code iotedge support-bundle}: one zip with what support asks for
 * first, without the node's secrets.
 */
@Command(scope = "edge", name = "support-bundle", description = "Writes a zip for support: the node's logs, its "
        + "settings without secrets, the check results, topology, queues, modules, clients, certificates, "
        + "versions, memory and threads")
@Service
public class SupportBundleCommand implements Action {

    @Reference
    SupportBundles bundles;

    @Argument(index = 0, name = "file", required = true, description = "The zip to write, e.g. support.zip "
            + "(relative to the node's folder)")
    String file;

    @Option(name = "--since", description = "Only the log lines of this last while (30m, 1h, 2d) or since this "
            + "time (2026-12-07T05:00:00Z); the whole logs without it")
    String since;

    @Override
    public Object execute() throws IOException {
        Instant from = since == null ? null : Since.parse(since, Clock.systemUTC());
        Path base = Path.of(System.getProperty("karaf.base", "."));
        Path target = base.resolve(file).normalize();
        bundles.write(target, from, null);
        System.out.println("Wrote " + target + " (" + Files.size(target) + " bytes)");
        return null;
    }
}
