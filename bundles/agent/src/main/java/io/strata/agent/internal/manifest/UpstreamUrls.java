package io.strata.agent.internal.manifest;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Artifact URLs that name the parent as IoT Edge manifests name {@code $upstream:443/image}:
 * {@code https://$upstream:443/maven/<group path>/<artifact>/<version>/<file>} becomes the {@code mvn:} URL of
 * that Maven-layout path, which this node's resolver finds through the artifact registry (the parent's,
 * on a node with a parent). Anything else under {@code $upstream} is refused.
 */
final class UpstreamUrls {

    private static final Pattern UPSTREAM = Pattern.compile("(?i)https?://\\$upstream(:\\d{1,5})?(/.*)?");
    private static final String REPOSITORY = "/maven/";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+~-]*");

    private UpstreamUrls() {
    }

    static boolean isUpstream(String url) {
        return UPSTREAM.matcher(url).matches();
    }

    /**
     * The {@code mvn:} URL of an {@code $upstream} URL.
     *
     * @param field names the module and the setting in the refusal, e.g. {@code modules.m.settings.repository}
     * @throws ManifestException when the URL is not a Maven-layout artifact path under {@code /maven/}
     */
    static String toMaven(String field, String url) throws ManifestException {
        Matcher upstream = UPSTREAM.matcher(url);
        String path = upstream.matches() && upstream.group(2) != null ? upstream.group(2) : "";
        if (!path.startsWith(REPOSITORY)) {
            throw refused(field, url, "its path does not start with " + REPOSITORY);
        }
        List<String> segments = List.of(path.substring(REPOSITORY.length()).split("/", -1));
        if (segments.size() < 4) {
            throw refused(field, url, "a Maven-layout artifact path has a group, an artifact, a version and a file");
        }
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw refused(field, url, "\"" + segment + "\" is not a plain path segment");
            }
        }
        int count = segments.size();
        String group = String.join(".", segments.subList(0, count - 3));
        String artifact = segments.get(count - 3);
        String version = segments.get(count - 2);
        String file = segments.get(count - 1);
        String stem = artifact + "-" + version;
        if (!file.startsWith(stem)) {
            throw refused(field, url, "the file " + file + " is not named " + stem + "[-classifier].extension");
        }
        String rest = file.substring(stem.length());
        String classifier = "";
        String type = "";
        if (rest.startsWith("-") && rest.indexOf('.') > 1) {
            classifier = rest.substring(1, rest.indexOf('.'));
            type = rest.substring(rest.indexOf('.') + 1);
        } else if (rest.startsWith(".")) {
            type = rest.substring(1);
        }
        if (type.isEmpty()) {
            throw refused(field, url, "the file " + file + " is not named " + stem + "[-classifier].extension");
        }
        type = type.toLowerCase(Locale.ROOT);
        String maven = "mvn:" + group + "/" + artifact + "/" + version;
        if (!classifier.isEmpty()) {
            return maven + "/" + type + "/" + classifier;
        }
        return type.equals("jar") ? maven : maven + "/" + type;
    }

    private static ManifestException refused(String field, String url, String why) {
        return new ManifestException(ManifestException.INVALID, field + " = " + url
                + ": not a Maven-layout artifact under $upstream (https://$upstream:443/maven/<group path>/<artifact>/"
                + "<version>/<file>): " + why);
    }
}
