package io.strata.routing.internal.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Keeps the first syntax error the parser reports, phrased as what was expected and what was
 * found, instead of ANTLR printing to stderr. Later errors are mostly echoes of the first.
 */
final class SyntaxErrorCollector extends BaseErrorListener {
    private static final String SINK_EXAMPLE = "a sink such as $upstream or BrokeredEndpoint(\"/modules/{moduleId}/inputs/{input}\")";
    /** Tokens that could continue an expression; naming them all would bury what the route lacks. */
    private static final Set<Integer> OPERATORS = Set.of(RouteGrammar.STAR, RouteGrammar.SLASH, RouteGrammar.PERCENT,
            RouteGrammar.PLUS, RouteGrammar.MINUS, RouteGrammar.CONCAT, RouteGrammar.LT, RouteGrammar.LE, RouteGrammar.GT,
            RouteGrammar.GE, RouteGrammar.EQ, RouteGrammar.NE, RouteGrammar.AND, RouteGrammar.OR, RouteGrammar.COALESCE);

    private final String route;
    private RouteSyntaxException first;

    SyntaxErrorCollector(String route) {
        this.route = route;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String message, RecognitionException e) {
        if (first == null) {
            Parser parser = (Parser) recognizer;
            IntervalSet expected = e != null ? e.getExpectedTokens() : parser.getExpectedTokens();
            first = new RouteSyntaxException(route, line, charPositionInLine + 1, problem(parser, expected, (Token) offendingSymbol));
        }
    }

    void throwFirst() {
        if (first != null) {
            throw first;
        }
    }

    private static String problem(Parser parser, IntervalSet expected, Token found) {
        if (found.getType() == RouteGrammar.UNTERMINATED_STRING) {
            return "the string " + found.getText() + " has no closing quote";
        }
        return "expected " + describe(parser, expected) + " but found " + describe(found);
    }

    private static String describe(Parser parser, IntervalSet expected) {
        if (expected.contains(RouteGrammar.IDENTIFIER)) {
            return parser.getContext() instanceof RouteGrammar.SinkContext ? SINK_EXAMPLE : "an expression";
        }
        List<Integer> types = expected.toList();
        List<Integer> meaningful = types.stream().filter(type -> !OPERATORS.contains(type)).toList();
        List<String> names = new ArrayList<>();
        for (int type : meaningful.isEmpty() ? types : meaningful) {
            names.add(describe(parser, type));
        }
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String describe(Parser parser, int type) {
        return switch (type) {
            case Token.EOF -> "the end of the route";
            case RouteGrammar.SOURCE_PATH -> "a source such as /messages/*";
            case RouteGrammar.STRING -> "a quoted string";
            case RouteGrammar.NE -> "'!='";
            default -> {
                String literal = parser.getVocabulary().getLiteralName(type);
                yield literal != null ? literal : parser.getVocabulary().getSymbolicName(type);
            }
        };
    }

    private static String describe(Token found) {
        return found.getType() == Token.EOF ? "the end of the route" : "'" + found.getText() + "'";
    }
}
