package io.strata.shell.internal.devices;

import io.strata.api.identity.IdentityId;
import io.strata.api.identity.KeySlot;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Rolls one symmetric key over; clients using the other key stay connected. */
@Command(scope = "edge", name = "device-regenerate-key",
        description = "Replaces the primary or secondary symmetric key of a device or module")
@Service
public class DeviceRegenerateKeyCommand extends RegistryCommand {

    @Argument(index = 0, name = "identity", required = true, description = "deviceId, or deviceId/moduleId")
    @Completion(IdentityIdCompleter.class)
    String identity;

    @Argument(index = 1, name = "key", required = true, description = "primary or secondary")
    @Completion(value = StringsCompleter.class, values = {"primary", "secondary"})
    String key;

    @Override
    Object run() {
        KeySlot slot = keySlot(key);
        registry.regenerateKey(IdentityId.parse(identity), slot);
        System.out.println("Regenerated the " + slot.name().toLowerCase(Locale.ROOT) + " key of " + identity);
        return null;
    }
}
