package io.strata.broker.internal.topics;

import io.strata.api.message.PropertyBag;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code $iothub/...} topics of twins and direct methods. They are the same for every client, so
 * clients only publish requests to the edge hub there, and subscribe only to what the edge hub
 * publishes to each of them alone ({@link io.strata.broker.internal.moquette.SessionDelivery}): Moquette
 * never carries them from one client to another.
 */
public final class IotHubTopics {

    /** What a client sends the edge hub on a {@code $iothub} topic; {@code status} only for a method response. */
    public record Request(Kind kind, String rid, int status) {
    }

    public enum Kind {
        TWIN_GET, TWIN_PATCH_REPORTED, METHOD_RESPONSE
    }

    public static final String PREFIX = "$iothub/";
    private static final String TWIN_GET = "$iothub/twin/GET/";
    private static final String TWIN_PATCH_REPORTED = "$iothub/twin/PATCH/properties/reported/";
    private static final String METHOD_RESPONSE = "$iothub/methods/res/";
    private static final String TWIN_RESPONSE = "$iothub/twin/res/";
    private static final String TWIN_PATCH_DESIRED = "$iothub/twin/PATCH/properties/desired/";
    private static final String METHOD_REQUEST = "$iothub/methods/POST/";
    private static final List<String> PUBLISHED_BY_CLIENTS = List.of(TWIN_GET, TWIN_PATCH_REPORTED, METHOD_RESPONSE);
    private static final List<String> PUBLISHED_BY_THE_EDGE_HUB =
            List.of(TWIN_RESPONSE, TWIN_PATCH_DESIRED, METHOD_REQUEST);
    private static final Pattern REQUEST = Pattern.compile(
            "\\$iothub/(?:(twin/GET)|(twin/PATCH/properties/reported)|methods/res/(\\d{3}))/\\?(.*)", Pattern.DOTALL);
    private static final String RID = "$rid";

    private IotHubTopics() {
    }

    /** Whether a client may publish to this {@code $iothub} topic: it is one of the requests to the edge hub. */
    public static boolean isRequest(String topic) {
        return PUBLISHED_BY_CLIENTS.stream().anyMatch(topic::startsWith);
    }

    /** Whether a client may subscribe to this {@code $iothub} filter: only to what the edge hub publishes, wildcards below. */
    public static boolean isSubscribable(String topicFilter) {
        return PUBLISHED_BY_THE_EDGE_HUB.stream().anyMatch(topicFilter::startsWith);
    }

    /**
     * Parses a client's request; empty when the topic is not one.
     *
     * @throws MalformedTopicException when it is one, but without a {@code $rid} or with a bad property bag
     */
    public static Optional<Request> parse(String topic) throws MalformedTopicException {
        Matcher matcher = REQUEST.matcher(topic);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String rid = BagProperties.parse(matcher.group(4)).get(RID);
        if (rid == null || rid.isEmpty()) {
            throw new MalformedTopicException("no " + RID + " in '" + topic + "'");
        }
        Kind kind = matcher.group(1) != null ? Kind.TWIN_GET
                : matcher.group(2) != null ? Kind.TWIN_PATCH_REPORTED : Kind.METHOD_RESPONSE;
        return Optional.of(new Request(kind, rid, kind == Kind.METHOD_RESPONSE ? Integer.parseInt(matcher.group(3)) : 0));
    }

    /** {@code $iothub/twin/res/{status}/?$rid={rid}}: the answer to a twin request. */
    static String twinResponse(int status, String rid) {
        return TWIN_RESPONSE + status + "/?" + RID + "=" + PropertyBag.encode(rid);
    }

    /** {@code $iothub/twin/res/{status}/?$rid={rid}&$version={version}}: the answer to a reported patch. */
    static String twinResponse(int status, String rid, long version) {
        return twinResponse(status, rid) + "&$version=" + version;
    }

    /** {@code $iothub/twin/PATCH/properties/desired/?$version={version}}: a desired change. */
    static String desiredPatch(long version) {
        return TWIN_PATCH_DESIRED + "?$version=" + version;
    }

    /** {@code $iothub/methods/POST/{method}/?$rid={rid}}: a direct method request. */
    static String methodRequest(String methodName, String rid) {
        return METHOD_REQUEST + methodLevel(methodName) + "/?" + RID + "=" + PropertyBag.encode(rid);
    }

    /**
     * The method name, as the one topic level it takes in a request.
     *
     * @throws IllegalArgumentException when it cannot be one
     */
    static String methodLevel(String methodName) {
        if (methodName.isEmpty() || methodName.contains("/") || methodName.contains("+") || methodName.contains("#")) {
            throw new IllegalArgumentException("Invalid method name '" + methodName + "': it must be one topic level");
        }
        return methodName;
    }
}
