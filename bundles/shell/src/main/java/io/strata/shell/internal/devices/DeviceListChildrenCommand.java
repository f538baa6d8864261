package io.strata.shell.internal.devices;

import io.strata.api.identity.IdentityId;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Prints the children of an edge device, one id a line. */
@Command(scope = "edge", name = "device-list-children", description = "Lists the children of an edge device")
@Service
public class DeviceListChildrenCommand extends RegistryCommand {

    @Argument(index = 0, name = "device-id", required = true, description = "The edge device")
    @Completion(DeviceIdCompleter.class)
    String deviceId;

    @Override
    Object run() {
        require(IdentityId.device(deviceId));
        registry.children(deviceId).forEach(child -> System.out.println(child.id()));
        return null;
    }
}
