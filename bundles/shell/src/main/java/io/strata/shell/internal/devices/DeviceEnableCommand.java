package io.strata.shell.internal.devices;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Lets a device or module authenticate again. */
@Command(scope = "edge", name = "device-enable", description = "Enables a device or module identity")
@Service
public class DeviceEnableCommand extends EnablementCommand {

    public DeviceEnableCommand() {
        super(true);
    }
}
