package io.strata.shell.internal.devices;

import io.strata.api.identity.IdentityId;
import java.time.Duration;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Prints a SAS token, e.g. the MQTT password of a device or module. */
@Command(scope = "edge", name = "device-token",
        description = "Creates a SAS token for a symmetric-key device or module, valid for a while")
@Service
public class DeviceTokenCommand extends RegistryCommand {

    @Argument(index = 0, name = "identity", required = true, description = "deviceId, or deviceId/moduleId")
    @Completion(IdentityIdCompleter.class)
    String identity;

    @Option(name = "--ttl", aliases = "-t", description = "Seconds the token stays valid (default 3600)")
    long ttlSeconds = 3600;

    @Option(name = "--key", aliases = "-k", description = "Which key signs it: primary (default) or secondary")
    @Completion(value = StringsCompleter.class, values = {"primary", "secondary"})
    String key = "primary";

    @Override
    Object run() {
        System.out.println(registry.createSasToken(IdentityId.parse(identity), keySlot(key), Duration.ofSeconds(ttlSeconds)));
        return null;
    }
}
