package io.strata.shell.internal.devices;

import io.strata.api.identity.Identity;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Registers a module of an edge device. */
@Command(scope = "edge", name = "module-identity-add", description = "Registers a module identity of an edge device")
@Service
public class ModuleIdentityAddCommand extends IdentityAddCommand {

    @Argument(index = 0, name = "device-id", required = true, description = "The edge device the module runs on")
    @Completion(DeviceIdCompleter.class)
    String deviceId;

    @Argument(index = 1, name = "module-id", required = true, description = "The new module's id")
    String moduleId;

    @Override
    Object run() {
        return register(Identity.module(deviceId, moduleId, credentials()));
    }
}
