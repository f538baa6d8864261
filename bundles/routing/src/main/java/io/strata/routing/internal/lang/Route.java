package io.strata.routing.internal.lang;

import io.strata.api.message.Message;
import io.strata.api.routing.MessageSource;

/** A parsed route: which messages it takes ({@code FROM}, {@code WHERE}) and where it sends them ({@code INTO}). */
public final class Route {
    private final String name;
    private final String text;
    private final RouteSource source;
    /** Null when the route has no {@code WHERE} clause. */
    private final Expression condition;
    private final RouteSink sink;

    Route(String name, String text, RouteSource source, Expression condition, RouteSink sink) {
        this.name = name;
        this.text = text;
        this.source = source;
        this.condition = condition;
        this.sink = sink;
    }

    /**
     * Decides whether this route takes a message: its source must match, and its condition, if
     * any, must evaluate to true; false, null, undefined and non-booleans do not match.
     */
    public MatchResult matches(MessageSource kind, Message message) {
        return matches(kind, MessageContext.of(message));
    }

    /** As {@link #matches(MessageSource, Message)}, for a message with properties a {@link Message} cannot hold. */
    public MatchResult matches(MessageSource kind, MessageContext message) {
        if (!source.matches(kind, message)) {
            return MatchResult.notMatched("source " + source + " does not match "
                    + RouteSource.describe(kind, message.message()));
        }
        if (condition == null) {
            return MatchResult.matched();
        }
        Value result = condition.evaluate(message);
        return result.isTrue() ? MatchResult.matched() : MatchResult.notMatched("condition evaluated to " + result.describe());
    }

    /**
     * Whether this route takes the message, decided as {@link #matches(MessageSource, MessageContext)} does
     * without saying why: what the router asks of every route for every message.
     */
    public boolean takes(MessageSource kind, MessageContext message) {
        return source.matches(kind, message) && (condition == null || condition.evaluate(message).isTrue());
    }

    public String name() {
        return name;
    }

    /** The route as written. */
    public String text() {
        return text;
    }

    public RouteSource source() {
        return source;
    }

    public RouteSink sink() {
        return sink;
    }

    @Override
    public String toString() {
        return name + ": " + text;
    }
}
