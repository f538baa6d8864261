package io.strata.shell.internal.devices;

import io.strata.api.identity.Identity;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Registers a device. */
@Command(scope = "edge", name = "device-add", description = "Registers an edge or leaf device identity")
@Service
public class DeviceAddCommand extends IdentityAddCommand {

    @Argument(index = 0, name = "device-id", required = true, description = "The new device's id")
    String deviceId;

    @Option(name = "--kind", aliases = "-k", description = "edge (a node, may have modules and children) or leaf")
    @Completion(value = StringsCompleter.class, values = {"edge", "leaf"})
    String kind = "leaf";

    @Option(name = "--parent", aliases = "-p", description = "The id of its parent edge device")
    @Completion(DeviceIdCompleter.class)
    String parentId;

    @Override
    Object run() {
        boolean edge = switch (kind) {
            case "edge" -> true;
            case "leaf" -> false;
            default -> throw new IllegalArgumentException("Unknown kind '" + kind + "': use edge or leaf");
        };
        return register(Identity.device(deviceId, edge, credentials()).withParent(parentId));
    }
}
