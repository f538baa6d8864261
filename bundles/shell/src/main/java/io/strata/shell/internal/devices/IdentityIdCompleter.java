package io.strata.shell.internal.devices;

import io.strata.api.identity.IdentityRegistry;
import java.util.List;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of registered devices and modules ({@code deviceId/moduleId}). */
@Service
public class IdentityIdCompleter implements Completer {

    @Reference
    IdentityRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids = registry.devices().stream()
                .flatMap(device -> Stream.concat(Stream.of(device), registry.modules(device.id().deviceId()).stream()))
                .map(identity -> identity.id().toString()).toList();
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
