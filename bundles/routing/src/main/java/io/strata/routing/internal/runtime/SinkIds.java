package io.strata.routing.internal.runtime;

import io.strata.routing.internal.lang.RouteSink;

/**
 * An endpoint's queue is named after its sink as routes write it ({@code $upstream},
 * {@code BrokeredEndpoint("/modules/m/inputs/i")}), so queued messages find their sink again after
 * a restart, even before the routes are read.
 */
final class SinkIds {

    private SinkIds() {
    }

    static String id(RouteSink sink) {
        return sink.toString();
    }

    static RouteSink sink(String id) {
        int open = id.indexOf("(\"");
        if (open > 0 && id.endsWith("\")")) {
            return new RouteSink(id.substring(0, open), id.substring(open + 2, id.length() - 2));
        }
        return new RouteSink(id, null);
    }
}
