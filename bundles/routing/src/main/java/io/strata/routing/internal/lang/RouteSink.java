package io.strata.routing.internal.lang;

import io.strata.api.routing.Router;
import java.util.regex.Pattern;

/**
 * Where a route delivers, as written after {@code INTO}: {@code $upstream},
 * {@code BrokeredEndpoint("/modules/{moduleId}/inputs/{input}")}, or the name and optional
 * argument of a sink that a {@link io.strata.api.routing.SinkFactory} contributes.
 *
 * @param name     the sink name; the built-in ones in their canonical spelling
 * @param argument the quoted argument without quotes, or null when the route gives none
 */
public record RouteSink(String name, String argument) {
    public static final String UPSTREAM = "$upstream";
    public static final String BROKERED_ENDPOINT = Router.BROKERED_ENDPOINT;
    /** The argument of a brokered endpoint: group 1 is the module id, group 2 the input name. */
    public static final Pattern MODULE_INPUT = Pattern.compile("/modules/([^/]+)/inputs/([^/]+)");

    @Override
    public String toString() {
        return argument == null ? name : name + "(\"" + argument + "\")";
    }
}
