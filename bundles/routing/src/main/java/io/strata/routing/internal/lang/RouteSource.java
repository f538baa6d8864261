package io.strata.routing.internal.lang;

import io.strata.api.message.Message;
import io.strata.api.routing.MessageSource;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code FROM} path of a route. A message has a path too: {@code /messages} from a device,
 * {@code /messages/modules/{moduleId}[/outputs/{output}]} from a module,
 * {@code /twinChangeNotifications} for a twin change. A source ending in {@code /*} takes every
 * message whose path starts with the part before it; any other source takes its path only.
 * Paths compare without regard to case, as in Azure IoT Edge.
 */
public final class RouteSource {
    static final String FORMS = "/*, /messages/*, /messages/modules/*, /messages/modules/{moduleId}/*, "
            + "/messages/modules/{moduleId}/outputs/*, /messages/modules/{moduleId}/outputs/{output} or /twinChangeNotifications";
    private static final Pattern VALID = Pattern.compile(
            "/(\\*|messages/(\\*|modules/(\\*|[^/*]+/(\\*|outputs/(\\*|[^/*]+))))|twinChangeNotifications)",
            Pattern.CASE_INSENSITIVE);
    private static final String WILDCARD = "/*";
    private static final String MESSAGES = "messages";
    private static final String MODULES = "modules";
    private static final String OUTPUTS = "outputs";
    private static final List<String> DEVICE_PATH = List.of(MESSAGES);
    private static final List<String> TWIN_CHANGE_PATH = List.of("twinChangeNotifications");

    private final String path;
    private final List<String> segments;
    private final boolean wildcard;

    private RouteSource(String path) {
        this.path = path;
        this.wildcard = path.endsWith(WILDCARD);
        String fixed = wildcard ? path.substring(0, path.length() - WILDCARD.length()) : path;
        this.segments = fixed.isEmpty() ? List.of() : List.of(fixed.substring(1).split("/"));
    }

    /** The source a path names, or empty if it is none of the {@link #FORMS}. */
    static Optional<RouteSource> parse(String path) {
        return VALID.matcher(path).matches() ? Optional.of(new RouteSource(path)) : Optional.empty();
    }

    boolean matches(MessageSource source, MessageContext message) {
        List<String> messagePath = message.path(source);
        if (wildcard ? messagePath.size() < segments.size() : messagePath.size() != segments.size()) {
            return false;
        }
        for (int index = 0; index < segments.size(); index++) {
            String segment = segments.get(index);
            String named = messagePath.get(index);
            // The same case, the usual one, costs one vectorised comparison rather than one per character.
            if (!segment.equals(named) && !segment.equalsIgnoreCase(named)) {
                return false;
            }
        }
        return true;
    }

    /** The path of a message, to which a source is compared: {@code [messages, modules, m, outputs, o]}. */
    static List<String> pathOf(MessageSource source, Message message) {
        if (source == MessageSource.TWIN_CHANGE_NOTIFICATION) {
            return TWIN_CHANGE_PATH;
        }
        String module = message.connectionModuleId().orElse(null);
        if (module == null) {
            return DEVICE_PATH;
        }
        String output = message.outputName().orElse(null);
        return output == null ? List.of(MESSAGES, MODULES, module) : List.of(MESSAGES, MODULES, module, OUTPUTS, output);
    }

    /** The message as an explanation names it: {@code a message from module edge-1/filter through output out}. */
    static String describe(MessageSource source, Message message) {
        return (source == MessageSource.TWIN_CHANGE_NOTIFICATION ? "a " : "a message from ") + origin(source, message);
    }

    /**
     * Where a message comes from, as the router counts the messages no route takes:
     * {@code device sensor-1}, {@code module edge-1/filter through output out},
     * {@code twin change notification of edge-1/filter}.
     */
    public static String origin(MessageSource source, Message message) {
        String device = message.connectionDeviceId().orElse("(unknown)");
        if (source == MessageSource.TWIN_CHANGE_NOTIFICATION) {
            return "twin change notification of " + message.connectionModuleId().map(module -> device + "/" + module).orElse(device);
        }
        return message.connectionModuleId()
                .map(module -> "module " + device + "/" + module + message.outputName().map(output -> " through output " + output).orElse(""))
                .orElse("device " + device);
    }

    @Override
    public String toString() {
        return path;
    }
}
