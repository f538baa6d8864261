package io.strata.shell.internal.devices;

import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.identity.KeySlot;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * Base of the identity commands: the registry, and parsing of the ids and key names operators
 * type. Errors are {@link IllegalArgumentException}s, which Karaf prints as one line.
 */
abstract class RegistryCommand implements Action {

    // Optional: a mandatory reference would hold back every command of this bundle while the
    // identity feature is not installed.
    @Reference(optional = true)
    IdentityRegistry registry;

    @Override
    public final Object execute() throws Exception {
        if (registry == null) {
            throw new IllegalStateException("The identity registry is not running: feature:install strata-identity");
        }
        return run();
    }

    /** Runs the command once the registry is there. */
    abstract Object run() throws Exception;

    /** The registered identity, or an error naming the id. */
    Identity require(IdentityId id) {
        return registry.find(id).orElseThrow(() -> new IllegalArgumentException("There is no identity '" + id + "'"));
    }

    static KeySlot keySlot(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "primary" -> KeySlot.PRIMARY;
            case "secondary" -> KeySlot.SECONDARY;
            default -> throw new IllegalArgumentException("Unknown key '" + text + "': use primary or secondary");
        };
    }
}
