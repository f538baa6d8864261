package io.strata.registry.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/** The relative Maven-layout path a request names, refusing anything that could leave the repository. */
final class RepositoryPaths {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+~-]*");

    private RepositoryPaths() {
    }

    /**
     * @param target the request target, e.g. {@code /maven/org/x/1.0/x-1.0.jar?y}
     * @param prefix the route's prefix, ending in {@code /}
     * @return the path below the prefix, when each of its segments is a plain file name
     */
    static Optional<String> of(String target, String prefix) {
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        try {
            // a + in a path is itself (versions such as 1.0+build), not a space as in a form
            path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return Optional.empty();
        }
        if (!path.startsWith(prefix) || path.length() == prefix.length()) {
            return Optional.empty();
        }
        String relative = path.substring(prefix.length());
        for (String segment : relative.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(relative);
    }
}
