package io.strata.shell.internal.twin;

import io.strata.api.identity.IdentityId;
import io.strata.api.twin.TwinService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Shows a twin, or sets desired properties as the solution would in IoT Hub. The patch goes in
 * single quotes, as the shell would read braces as a closure and take the double quotes for its own.
 */
@Command(scope = "edge", name = "twin", description = "Shows a device or module twin, or patches its desired properties",
        detailedDescription = "edge:twin show <id>\n"
                + "edge:twin set-desired <id> '<JSON merge patch>', e.g. edge:twin set-desired line-1/filter "
                + "'{\"threshold\":80,\"old\":null}'")
@Service
public class TwinCommand implements Action {

    // Optional: a mandatory reference would hold back every command of this bundle while the
    // twin feature is not installed.
    @Reference(optional = true)
    TwinService twins;

    @Argument(index = 0, name = "action", required = true, description = "show, or set-desired")
    @Completion(value = StringsCompleter.class, values = {"show", "set-desired"})
    String action;

    @Argument(index = 1, name = "identity", required = true, description = "deviceId, or deviceId/moduleId")
    String identity;

    @Argument(index = 2, name = "patch", description = "set-desired: the JSON merge patch; a member set to null is deleted")
    String patch;

    @Override
    public Object execute() {
        if (twins == null) {
            throw new IllegalStateException("The twin service is not running: feature:install strata-twin");
        }
        IdentityId id = IdentityId.parse(identity);
        switch (action) {
            case "show" -> {
                requirePatch(false);
                System.out.println(twins.document(id, true));
            }
            case "set-desired" -> {
                requirePatch(true);
                System.out.println("Desired properties of " + id + " are at $version " + twins.patchDesired(id, patch));
            }
            default -> throw new IllegalArgumentException("Unknown action '" + action + "': use show or set-desired");
        }
        return null;
    }

    private void requirePatch(boolean needed) {
        if (needed && patch == null) {
            throw new IllegalArgumentException("set-desired needs a JSON merge patch, e.g. '{\"interval\":30}'");
        }
        if (!needed && patch != null) {
            throw new IllegalArgumentException(action + " takes no patch");
        }
    }
}
