package io.strata.shell.internal.devices;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Sets a device's parent, replacing the one it had. */
@Command(scope = "edge", name = "device-set-parent",
        description = "Makes an edge device the parent of a device, replacing its current parent")
@Service
public class DeviceSetParentCommand extends RegistryCommand {

    @Argument(index = 0, name = "device-id", required = true, description = "The child device")
    @Completion(DeviceIdCompleter.class)
    String deviceId;

    @Argument(index = 1, name = "parent-id", required = true, description = "The edge device to become its parent")
    @Completion(DeviceIdCompleter.class)
    String parentId;

    @Override
    Object run() {
        registry.setParent(deviceId, parentId);
        System.out.println(parentId + " is the parent of " + deviceId);
        return null;
    }
}
