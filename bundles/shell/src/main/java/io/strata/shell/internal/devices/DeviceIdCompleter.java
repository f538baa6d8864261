package io.strata.shell.internal.devices;

import io.strata.api.identity.IdentityRegistry;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of registered devices. */
@Service
public class DeviceIdCompleter implements Completer {

    @Reference
    IdentityRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(registry.devices().stream().map(device -> device.id().deviceId()).toList())
                .complete(session, commandLine, candidates);
    }
}
