package io.strata.routing.internal.lang;

import org.antlr.v4.runtime.Token;

/** A route that cannot be parsed, with the position of the first problem. */
public final class RouteSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String route;
    private final int line;
    private final int column;
    private final String problem;

    RouteSyntaxException(String route, int line, int column, String problem) {
        super("Route '" + route + "' line " + line + ":" + column + ": " + problem);
        this.route = route;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** A problem found at a token of the route. */
    static RouteSyntaxException at(String route, Token token, String problem) {
        return new RouteSyntaxException(route, token.getLine(), token.getCharPositionInLine() + 1, problem);
    }

    public String route() {
        return route;
    }

    /** The line of the problem, counted from 1. */
    public int line() {
        return line;
    }

    /** The column of the problem within its line, counted from 1. */
    public int column() {
        return column;
    }

    /** What is wrong, without the position: {@code expected an expression but found 'INTO'}. */
    public String problem() {
        return problem;
    }
}
