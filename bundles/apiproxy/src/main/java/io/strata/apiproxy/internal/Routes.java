package io.strata.apiproxy.internal;

import io.strata.api.proxy.ProxyRoute;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which path goes where: a local service when one registered the longest matching prefix and
 * {@code localRoutes} allows it, else the parent when {@code upstreamRoutes} lists a matching prefix
 * and the node has a parent, else nowhere.
 *
 * @param local    the prefixes local services may serve; null for any
 * @param upstream the prefixes forwarded to the parent
 */
record Routes(List<String> local, List<String> upstream) {

    private static final String ANY = "*";

    /** Where one request goes. */
    sealed interface Decision {
    }

    /** To the local service that registered {@code prefix}. */
    record Local(String prefix, ProxyRoute route) implements Decision {
    }

    /** To the parent's proxy. */
    record Upstream() implements Decision {
    }

    /** Nowhere, for the reason the client is told. */
    record NotFound(String reason) implements Decision {
    }

    /**
     * From the comma-separated {@code localRoutes} and {@code upstreamRoutes}.
     *
     * @throws IllegalArgumentException naming the key and the value when a prefix does not start with /
     */
    static Routes of(String localRoutes, String upstreamRoutes) {
        List<String> local = prefixes("localRoutes", localRoutes, true);
        return new Routes(local.contains(ANY) ? null : local, prefixes("upstreamRoutes", upstreamRoutes, false));
    }

    /**
     * @param path       the request's path, without its query
     * @param registered the local services by prefix
     * @param hasParent  whether this node has a parent to forward to
     */
    Decision decide(String path, Map<String, ProxyRoute> registered, boolean hasParent) {
        Optional<Map.Entry<String, ProxyRoute>> service = registered.entrySet().stream()
                .filter(entry -> path.startsWith(entry.getKey()))
                .filter(entry -> local == null || local.contains(entry.getKey()))
                .max(Comparator.comparingInt(entry -> entry.getKey().length()));
        if (service.isPresent()) {
            return new Local(service.get().getKey(), service.get().getValue());
        }
        if (upstream.stream().noneMatch(path::startsWith)) {
            return new NotFound("No route for " + path + " on this node");
        }
        return hasParent ? new Upstream()
                : new NotFound("No local service serves " + path + " and this node has no parent to ask");
    }

    private static List<String> prefixes(String key, String text, boolean anyAllowed) {
        List<String> prefixes = Arrays.stream(text.split(",")).map(String::trim).filter(prefix -> !prefix.isEmpty())
                .toList();
        for (String prefix : prefixes) {
            if (!prefix.startsWith("/") && !(anyAllowed && prefix.equals(ANY))) {
                throw new IllegalArgumentException(key + " = " + text + ": the prefix '" + prefix
                        + "' does not start with /" + (anyAllowed ? " (or is * for every local service)" : ""));
            }
        }
        return prefixes;
    }
}
