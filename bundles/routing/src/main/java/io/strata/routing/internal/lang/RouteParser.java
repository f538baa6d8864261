package io.strata.routing.internal.lang;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

/** Reads routes: {@code [SELECT *] FROM <source> [WHERE <condition>] INTO <sink>}. */
public final class RouteParser {

    private RouteParser() {
    }

    /**
     * Parses a route.
     *
     * @param name the route's name, as the deployment gives it
     * @param text the route
     * @throws RouteSyntaxException naming the line and column of the first problem
     */
    public static Route parse(String name, String text) {
        RouteLexer lexer = new RouteLexer(CharStreams.fromString(text));
        // The lexer turns any character it does not know into a token, so only the parser reports errors.
        lexer.removeErrorListeners();
        RouteGrammar parser = new RouteGrammar(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        SyntaxErrorCollector errors = new SyntaxErrorCollector(text);
        parser.addErrorListener(errors);
        RouteGrammar.RouteContext tree = parser.route();
        errors.throwFirst();

        Expression condition = tree.expression() == null ? null : new ExpressionBuilder(text).visit(tree.expression());
        return new Route(name, text, source(text, tree.source().SOURCE_PATH().getSymbol()), condition, sink(text, tree.sink()));
    }

    private static RouteSource source(String route, Token path) {
        return RouteSource.parse(path.getText()).orElseThrow(() -> RouteSyntaxException.at(route, path,
                "unknown source '" + path.getText() + "'; a source is one of " + RouteSource.FORMS));
    }

    private static RouteSink sink(String route, RouteGrammar.SinkContext sink) {
        String name = sink.name.getText();
        String argument = sink.argument == null ? null : ExpressionBuilder.unquote(sink.argument.getText());
        if (name.equalsIgnoreCase(RouteSink.UPSTREAM)) {
            if (argument != null) {
                throw RouteSyntaxException.at(route, sink.argument, RouteSink.UPSTREAM + " takes no argument");
            }
            return new RouteSink(RouteSink.UPSTREAM, null);
        }
        if (name.equalsIgnoreCase(RouteSink.BROKERED_ENDPOINT)) {
            if (argument == null || !RouteSink.MODULE_INPUT.matcher(argument).matches()) {
                throw RouteSyntaxException.at(route, sink.argument == null ? sink.name : sink.argument,
                        RouteSink.BROKERED_ENDPOINT + " needs an argument such as \"/modules/{moduleId}/inputs/{input}\"");
            }
            return new RouteSink(RouteSink.BROKERED_ENDPOINT, argument);
        }
        return new RouteSink(name, argument);
    }
}
