package io.strata.shell.internal.devices;

import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Prints a device's parent. */
@Command(scope = "edge", name = "device-get-parent", description = "Shows the parent of a device")
@Service
public class DeviceGetParentCommand extends RegistryCommand {

    @Argument(index = 0, name = "device-id", required = true, description = "The device")
    @Completion(DeviceIdCompleter.class)
    String deviceId;

    @Override
    Object run() {
        Identity device = require(IdentityId.device(deviceId));
        System.out.println(device.parentId() == null ? deviceId + " has no parent" : device.parentId());
        return null;
    }
}
