package io.strata.routing.internal;

import static io.strata.routing.internal.Value.Type.NUMBER;
import static io.strata.routing.internal.Value.Type.STRING;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;

/**
 * The built-in functions of the IoT Hub routing query language. A typed function returns its
 * first undefined argument, or undefined when an argument has the wrong type; the type checks
 * ({@code is_defined}, ...) accept anything and always return a boolean.
 */
enum Function implements Computation {
    ABS(math(Math::abs), NUMBER),
    EXP(math(Math::exp), NUMBER),
    POWER(arguments -> Value.of(Math.pow(arguments.get(0).numberValue(), arguments.get(1).numberValue())), NUMBER, NUMBER),
    SQUARE(math(x -> x * x), NUMBER),
    CEILING(math(Math::ceil), NUMBER),
    FLOOR(math(Math::floor), NUMBER),
    SIGN(math(Math::signum), NUMBER),
    SQRT(math(Math::sqrt), NUMBER),

    AS_NUMBER(1, 1, Function::asNumber),
    IS_BOOL(1, 1, arguments -> Value.of(arguments.get(0).type() == Value.Type.BOOLEAN)),
    IS_DEFINED(1, 1, arguments -> Value.of(!arguments.get(0).isUndefined())),
    IS_NULL(1, 1, arguments -> Value.of(arguments.get(0).type() == Value.Type.NULL)),
    IS_NUMBER(1, 1, arguments -> Value.of(arguments.get(0).type() == NUMBER)),
    IS_STRING(1, 1, arguments -> Value.of(arguments.get(0).type() == STRING)),

    CONCAT(2, Integer.MAX_VALUE,
            arguments -> Value.of(arguments.stream().map(Value::stringValue).collect(Collectors.joining())), STRING),
    LENGTH(arguments -> Value.of(arguments.get(0).stringValue().length()), STRING),
    LOWER(arguments -> Value.of(arguments.get(0).stringValue().toLowerCase(Locale.ROOT)), STRING),
    UPPER(arguments -> Value.of(arguments.get(0).stringValue().toUpperCase(Locale.ROOT)), STRING),
    SUBSTRING(2, 3, Function::substring, STRING, NUMBER, NUMBER),
    INDEX_OF(arguments -> Value.of(arguments.get(0).stringValue().indexOf(arguments.get(1).stringValue())), STRING, STRING),
    STARTS_WITH(strings(String::startsWith), STRING, STRING),
    ENDS_WITH(strings(String::endsWith), STRING, STRING),
    CONTAINS(strings(String::contains), STRING, STRING);

    private final int minimumArguments;
    private final int maximumArguments;
    private final Computation body;
    /** The type of each argument, the last one repeating; empty when the body accepts anything. */
    private final List<Value.Type> parameterTypes;

    Function(Computation body, Value.Type... parameterTypes) {
        this(parameterTypes.length, parameterTypes.length, body, parameterTypes);
    }

    Function(int minimumArguments, int maximumArguments, Computation body, Value.Type... parameterTypes) {
        this.minimumArguments = minimumArguments;
        this.maximumArguments = maximumArguments;
        this.body = body;
        this.parameterTypes = List.of(parameterTypes);
    }

    /** The function with this name, ignoring case as IoT Hub does. */
    static Optional<Function> named(String name) {
        return Arrays.stream(values()).filter(function -> function.functionName().equalsIgnoreCase(name)).findFirst();
    }

    static String allNames() {
        return Arrays.stream(values()).map(Function::functionName).collect(Collectors.joining(", "));
    }

    String functionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean accepts(int argumentCount) {
        return argumentCount >= minimumArguments && argumentCount <= maximumArguments;
    }

    /** How many arguments the function takes, for an error message. */
    String arity() {
        if (maximumArguments == Integer.MAX_VALUE) {
            return "at least " + minimumArguments + " arguments";
        }
        if (minimumArguments == maximumArguments) {
            return minimumArguments == 1 ? "1 argument" : minimumArguments + " arguments";
        }
        return minimumArguments + " or " + maximumArguments + " arguments";
    }

    @Override
    public Value apply(List<Value> arguments) {
        if (!parameterTypes.isEmpty()) {
            for (int index = 0; index < arguments.size(); index++) {
                Value argument = arguments.get(index);
                Value.Type expected = parameterTypes.get(Math.min(index, parameterTypes.size() - 1));
                if (argument.isUndefined()) {
                    return argument;
                }
                if (argument.type() != expected) {
                    return Value.undefined(functionName() + " needs " + expected + " as argument " + (index + 1)
                            + " but was given " + argument.type());
                }
            }
        }
        return body.apply(arguments);
    }

    private static Computation math(DoubleUnaryOperator operation) {
        return arguments -> Value.of(operation.applyAsDouble(arguments.get(0).numberValue()));
    }

    private static Computation strings(BiPredicate<String, String> test) {
        return arguments -> Value.of(test.test(arguments.get(0).stringValue(), arguments.get(1).stringValue()));
    }

    /** Numbers stay; strings in decimal or scientific notation become numbers; anything else is undefined. */
    private static Value asNumber(List<Value> arguments) {
        Value argument = arguments.get(0);
        switch (argument.type()) {
            case NUMBER, UNDEFINED:
                return argument;
            case STRING:
                try {
                    return Value.of(new BigDecimal(argument.stringValue().trim()).doubleValue());
                } catch (NumberFormatException e) {
                    return Value.undefined("'" + argument.stringValue() + "' is not a number");
                }
            default:
                return Value.undefined("as_number needs a number or a string but was given " + argument.type());
        }
    }

    /** Positions and lengths count UTF-16 code units and must be whole and within the string. */
    private static Value substring(List<Value> arguments) {
        String text = arguments.get(0).stringValue();
        double start = arguments.get(1).numberValue();
        double length = arguments.size() == 3 ? arguments.get(2).numberValue() : text.length() - start;
        if (start != Math.rint(start) || length != Math.rint(length)) {
            return Value.undefined("substring needs whole numbers as start and length");
        }
        if (start < 0 || length < 0 || start + length > text.length()) {
            return Value.undefined("substring from " + (long) start + " for " + (long) length
                    + " lies outside a string of length " + text.length());
        }
        return Value.of(text.substring((int) start, (int) (start + length)));
    }
}
