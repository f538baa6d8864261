package io.strata.routing.internal.lang;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

/**
 * Turns the parse tree of a condition into an {@link Expression}, checking function names, arities and
 * the types of operands on the way, as IoT Edge's hub compiles a route: an operand whose type is known
 * from the route (a literal, a property, which is a string, or an operation) must suit its operator or
 * function; only {@code $body} references are left to run time.
 */
final class ExpressionBuilder extends RouteGrammarBaseVisitor<Expression> {
    private static final Literal UNDEFINED = new Literal(Value.undefined("the condition writes undefined"));

    private final String route;

    ExpressionBuilder(String route) {
        this.route = route;
    }

    @Override
    public Expression visitParenthesized(RouteGrammar.ParenthesizedContext context) {
        return visit(context.expression());
    }

    @Override
    public Expression visitLiteralValue(RouteGrammar.LiteralValueContext context) {
        Token token = context.literal().getStart();
        String text = token.getText();
        return switch (token.getType()) {
            case RouteGrammar.STRING -> new Literal(Value.of(unquote(text)));
            case RouteGrammar.INTEGER, RouteGrammar.REAL -> new Literal(Value.of(Double.parseDouble(text)));
            case RouteGrammar.HEX_INTEGER -> new Literal(Value.of(new BigInteger(text.substring(2), 16).doubleValue()));
            case RouteGrammar.TRUE -> new Literal(Value.TRUE);
            case RouteGrammar.FALSE -> new Literal(Value.FALSE);
            case RouteGrammar.NULL -> new Literal(Value.NULL);
            default -> UNDEFINED;
        };
    }

    @Override
    public Expression visitPropertyReference(RouteGrammar.PropertyReferenceContext context) {
        return new ApplicationPropertyReference(context.getText());
    }

    @Override
    public Expression visitSystemReference(RouteGrammar.SystemReferenceContext context) {
        return systemReference(context.SYSTEM_REFERENCE().getSymbol(), false);
    }

    @Override
    public Expression visitEscapedSystemReference(RouteGrammar.EscapedSystemReferenceContext context) {
        return systemReference(context.SYSTEM_REFERENCE().getSymbol(), true);
    }

    private Expression systemReference(Token token, boolean escaped) {
        String text = token.getText();
        if (text.toLowerCase(Locale.ROOT).startsWith(BodyReference.PREFIX)) {
            return BodyReference.parse(text).orElseThrow(() -> RouteSyntaxException.at(route, token,
                    "'" + text + "' is not a body path such as $body.weather.history[0].temperature"));
        }
        if (text.contains("[") || text.contains("]")) {
            // IoT Hub accepts such a reference, $body[0] for one, and evaluates it to undefined.
            return new Literal(Value.undefined(text + " is undefined because property names cannot contain [ or ], "
                    + "and only members of the body can be queried"));
        }
        return new SystemPropertyReference(text.substring(1), escaped);
    }

    @Override
    public Expression visitFunctionCall(RouteGrammar.FunctionCallContext context) {
        Token name = context.name;
        Function function = Function.named(name.getText()).orElseThrow(() -> RouteSyntaxException.at(route, name,
                "unknown function '" + name.getText() + "'; the functions are " + Function.allNames()));
        List<RouteGrammar.ExpressionContext> arguments = context.expression();
        if (!function.accepts(arguments.size())) {
            throw RouteSyntaxException.at(route, name, function.functionName() + " takes " + function.arity()
                    + " but was given " + arguments.size());
        }
        return typed(context, name, function, arguments);
    }

    @Override
    public Expression visitOperation(RouteGrammar.OperationContext context) {
        List<RouteGrammar.ExpressionContext> operands = context.expression();
        Operator operator = operands.size() == 1 ? unaryOperator(context.operator) : binaryOperator(context.operator);
        return typed(context, context.operator, operator, operands);
    }

    /** The operation, or a refusal at its operator or function name when its operands' types do not suit it. */
    private Operation typed(ParserRuleContext context, Token token, Computation computation,
            List<RouteGrammar.ExpressionContext> operandContexts) {
        List<Expression> operands = operandContexts.stream().map(this::visit).toList();
        List<StaticType> types = operands.stream().map(Expression::type).toList();
        StaticType type = computation.resultType(types).orElseThrow(() -> RouteSyntaxException.at(route, token,
                refusal(token, computation, operands, types)));
        return new Operation(textOf(context), computation, operands, type);
    }

    private static String refusal(Token token, Computation computation, List<Expression> operands,
            List<StaticType> types) {
        String given = types.stream().map(StaticType::toString).collect(Collectors.joining(", "));
        String problem = computation instanceof Function function
                ? "invalid arguments to " + function.functionName() + "(" + given + "): it takes " + function.functionName()
                        + computation.expectedOperands()
                : "invalid operands to '" + token.getText() + "' (" + given + "): it takes " + computation.expectedOperands();
        boolean property = operands.stream().anyMatch(operand -> operand instanceof ApplicationPropertyReference
                || operand instanceof SystemPropertyReference);
        return property ? problem + "; properties are strings, as_number(name) reads one as a number" : problem;
    }

    private static Operator unaryOperator(Token token) {
        return token.getType() == RouteGrammar.MINUS ? Operator.NEGATE : Operator.NOT;
    }

    private static Operator binaryOperator(Token token) {
        return switch (token.getType()) {
            case RouteGrammar.STAR -> Operator.MULTIPLY;
            case RouteGrammar.SLASH -> Operator.DIVIDE;
            case RouteGrammar.PERCENT -> Operator.MODULO;
            case RouteGrammar.PLUS -> Operator.ADD;
            case RouteGrammar.MINUS -> Operator.SUBTRACT;
            case RouteGrammar.CONCAT -> Operator.CONCAT;
            case RouteGrammar.LT -> Operator.LESS;
            case RouteGrammar.LE -> Operator.LESS_OR_EQUAL;
            case RouteGrammar.GT -> Operator.GREATER;
            case RouteGrammar.GE -> Operator.GREATER_OR_EQUAL;
            case RouteGrammar.EQ -> Operator.EQUAL;
            case RouteGrammar.NE -> Operator.NOT_EQUAL;
            case RouteGrammar.AND -> Operator.AND;
            case RouteGrammar.OR -> Operator.OR;
            case RouteGrammar.COALESCE -> Operator.COALESCE;
            default -> throw new IllegalStateException("The grammar has no binary operator " + token.getText());
        };
    }

    /** The part of the route a context was parsed from, as written. */
    private static String textOf(ParserRuleContext context) {
        return context.getStart().getInputStream()
                .getText(Interval.of(context.getStart().getStartIndex(), context.getStop().getStopIndex()));
    }

    /** The content of a quoted string, with {@code \"}, {@code \'}, {@code \\} and {@code \}{@code uXXXX} resolved. */
    static String unquote(String quoted) {
        StringBuilder content = new StringBuilder();
        for (int index = 1; index < quoted.length() - 1; index++) {
            char character = quoted.charAt(index);
            if (character == '\\') {
                char escaped = quoted.charAt(++index);
                if (escaped == 'u') {
                    character = (char) Integer.parseInt(quoted.substring(index + 1, index + 5), 16);
                    index += 4;
                } else {
                    character = escaped;
                }
            }
            content.append(character);
        }
        return content.toString();
    }
}
