package io.strata.shell.internal.devices;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Keeps a device or module registered but refuses it everywhere. */
@Command(scope = "edge", name = "device-disable",
        description = "Disables a device or module identity: it can no longer connect, publish or subscribe")
@Service
public class DeviceDisableCommand extends EnablementCommand {

    public DeviceDisableCommand() {
        super(false);
    }
}
