package io.strata.shell.internal.devices;

import io.strata.api.identity.IdentityId;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Removes a device, its modules, and the parent link of its children. */
@Command(scope = "edge", name = "device-remove",
        description = "Removes a device identity with its modules; its children lose their parent")
@Service
public class DeviceRemoveCommand extends RegistryCommand {

    @Argument(index = 0, name = "device-id", required = true, description = "The device to remove")
    @Completion(DeviceIdCompleter.class)
    String deviceId;

    @Override
    Object run() {
        registry.remove(IdentityId.device(deviceId));
        System.out.println("Removed " + deviceId);
        return null;
    }
}
