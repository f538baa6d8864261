package io.strata.edgehub.internal;

import io.strata.api.identity.IdentityId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One input of one module of this node, as a {@code BrokeredEndpoint} names it:
 * {@code /modules/{moduleId}/inputs/{input}}.
 */
record ModuleInput(String moduleId, String input) {

    static final String FORM = "/modules/{moduleId}/inputs/{input}";
    private static final Pattern ARGUMENT = Pattern.compile("/modules/([^/]+)/inputs/([^/]+)");

    /**
     * @param nodeDeviceId this node's device id now, whose module the argument names
     * @throws IllegalArgumentException when the argument is not of the form {@value #FORM}, or names
     *                                  an invalid module id
     */
    static ModuleInput parse(String argument, String nodeDeviceId) {
        Matcher matcher = argument == null ? null : ARGUMENT.matcher(argument);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException(BrokeredEndpointFactory.SINK_NAME + " needs an argument of the form \""
                    + FORM + "\", not " + (argument == null ? "none" : "\"" + argument + "\""));
        }
        ModuleInput parsed = new ModuleInput(matcher.group(1), matcher.group(2));
        parsed.module(nodeDeviceId); // throws, naming the rules, for an invalid module id
        return parsed;
    }

    /** The module on the node with this device id. */
    IdentityId module(String nodeDeviceId) {
        return IdentityId.module(nodeDeviceId, moduleId);
    }

    /** The argument that names this input, {@code /modules/{moduleId}/inputs/{input}}. */
    String argument() {
        return "/modules/" + moduleId + "/inputs/" + input;
    }
}
