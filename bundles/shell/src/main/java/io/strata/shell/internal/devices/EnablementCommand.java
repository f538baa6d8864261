package io.strata.shell.internal.devices;

import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/** Base of the commands that enable or disable a device or module. */
abstract class EnablementCommand extends RegistryCommand {

    @Argument(index = 0, name = "identity", required = true, description = "deviceId, or deviceId/moduleId")
    @Completion(IdentityIdCompleter.class)
    String identity;

    private final boolean enabled;

    EnablementCommand(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    Object run() {
        Identity changed = registry.setEnabled(IdentityId.parse(identity), enabled);
        System.out.println(changed.id() + (enabled ? " is enabled" : " is disabled"));
        return null;
    }
}
