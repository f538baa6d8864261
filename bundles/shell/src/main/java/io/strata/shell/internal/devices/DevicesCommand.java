package io.strata.shell.internal.devices;

import io.strata.api.identity.Identity;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** Lists the registered devices with their modules. */
@Command(scope = "edge", name = "devices", description = "Lists the device identities this node knows")
@Service
public class DevicesCommand extends RegistryCommand {

    @Option(name = "--no-format", description = "Disable table rendered output")
    boolean noFormat;

    @Override
    Object run() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Kind");
        table.column("Auth");
        table.column("Enabled");
        table.column("Parent");
        table.column("Modules");
        for (Identity device : registry.devices()) {
            String deviceId = device.id().deviceId();
            table.addRow().addContent(deviceId, device.isEdgeDevice() ? "edge" : "leaf",
                    device.credentials().type().label(), device.enabled(),
                    device.parentId() == null ? "" : device.parentId(),
                    registry.modules(deviceId).stream()
                            .map(module -> module.id().moduleId() + (module.enabled() ? "" : " (disabled)"))
                            .collect(Collectors.joining(", ")));
        }
        table.print(System.out, !noFormat);
        return null;
    }
}
