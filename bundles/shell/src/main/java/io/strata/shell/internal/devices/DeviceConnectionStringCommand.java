package io.strata.shell.internal.devices;

import io.strata.api.identity.IdentityId;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Prints the connection string an IoT Hub SDK client uses to connect to this node. */
@Command(scope = "edge", name = "device-connection-string",
        description = "Shows the connection string of a symmetric-key device or module")
@Service
public class DeviceConnectionStringCommand extends RegistryCommand {

    @Argument(index = 0, name = "identity", required = true, description = "deviceId, or deviceId/moduleId")
    @Completion(IdentityIdCompleter.class)
    String identity;

    @Option(name = "--key", aliases = "-k", description = "Which key: primary (default) or secondary")
    @Completion(value = StringsCompleter.class, values = {"primary", "secondary"})
    String key = "primary";

    @Option(name = "--gateway", aliases = "-g", description = "Add GatewayHostName, for devices behind this node")
    boolean gateway;

    @Override
    Object run() {
        System.out.println(registry.connectionString(IdentityId.parse(identity), keySlot(key), gateway));
        return null;
    }
}
