package io.strata.shell.internal.devices;

import io.strata.api.identity.IdentityId;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Removes a module identity. */
@Command(scope = "edge", name = "module-identity-remove", description = "Removes a module identity")
@Service
public class ModuleIdentityRemoveCommand extends RegistryCommand {

    @Argument(index = 0, name = "device-id", required = true, description = "The edge device the module runs on")
    @Completion(DeviceIdCompleter.class)
    String deviceId;

    @Argument(index = 1, name = "module-id", required = true, description = "The module to remove")
    String moduleId;

    @Override
    Object run() {
        IdentityId id = IdentityId.module(deviceId, moduleId);
        registry.remove(id);
        System.out.println("Removed " + id);
        return null;
    }
}
