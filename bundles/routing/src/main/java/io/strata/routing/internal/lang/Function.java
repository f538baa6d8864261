package io.strata.routing.internal.lang;

import static io.strata.routing.internal.lang.StaticType.BOOLEAN;
import static io.strata.routing.internal.lang.StaticType.NUMBER;
import static io.strata.routing.internal.lang.StaticType.STRING;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;

/**
 * The built-in functions of the IoT Hub routing query language. The route is refused when an argument
 * is known to have the wrong type; at run time a typed function returns its first undefined argument,
 * or undefined when an argument has the wrong type. The type checks ({@code is_defined}, ...) accept
 * anything and always return a boolean.
 */
enum Function implements Computation {
    ABS(math(Math::abs), NUMBER, NUMBER),
    EXP(math(Math::exp), NUMBER, NUMBER),
    POWER(arguments -> Value.of(Math.pow(arguments.get(0).numberValue(), arguments.get(1).numberValue())), NUMBER,
            NUMBER, NUMBER),
    SQUARE(math(x -> x * x), NUMBER, NUMBER),
    CEILING(math(Math::ceil), NUMBER, NUMBER),
    FLOOR(math(Math::floor), NUMBER, NUMBER),
    SIGN(math(Math::signum), NUMBER, NUMBER),
    SQRT(math(Math::sqrt), NUMBER, NUMBER),

    AS_NUMBER(1, 1, Function::asNumber, NUMBER) {
        @Override
        public Optional<StaticType> resultType(List<StaticType> arguments) {
            return AS_NUMBER_ACCEPTS.contains(arguments.get(0)) ? Optional.of(NUMBER) : Optional.empty();
        }

        @Override
        public String expectedOperands() {
            return "(number) or (string)";
        }
    },
    IS_BOOL(1, 1, arguments -> Value.of(arguments.get(0).type() == Value.Type.BOOLEAN), BOOLEAN),
    IS_DEFINED(1, 1, arguments -> Value.of(!arguments.get(0).isUndefined()), BOOLEAN),
    IS_NULL(1, 1, arguments -> Value.of(arguments.get(0).type() == Value.Type.NULL), BOOLEAN),
    // Infinities are numbers, but not to is_number, as in IoT Edge's hub.
    IS_NUMBER(1, 1, arguments -> Value.of(arguments.get(0).type() == Value.Type.NUMBER
            && Double.isFinite(arguments.get(0).numberValue())), BOOLEAN),
    IS_STRING(1, 1, arguments -> Value.of(arguments.get(0).type() == Value.Type.STRING), BOOLEAN),

    CONCAT(2, Integer.MAX_VALUE,
            arguments -> Value.of(arguments.stream().map(Value::stringValue).collect(Collectors.joining())), STRING,
            STRING),
    LENGTH(arguments -> Value.of(arguments.get(0).stringValue().length()), NUMBER, STRING),
    LOWER(arguments -> Value.of(arguments.get(0).stringValue().toLowerCase(Locale.ROOT)), STRING, STRING),
    UPPER(arguments -> Value.of(arguments.get(0).stringValue().toUpperCase(Locale.ROOT)), STRING, STRING),
    SUBSTRING(2, 3, Function::substring, STRING, STRING, NUMBER, NUMBER),
    INDEX_OF(arguments -> Value.of(arguments.get(0).stringValue().indexOf(arguments.get(1).stringValue())), NUMBER,
            STRING, STRING),
    STARTS_WITH(strings(String::startsWith), BOOLEAN, STRING, STRING),
    ENDS_WITH(strings(String::endsWith), BOOLEAN, STRING, STRING),
    CONTAINS(strings(String::contains), BOOLEAN, STRING, STRING);

    /** What a function computes from arguments of the right types. */
    @FunctionalInterface
    private interface Body {
        Value apply(List<Value> arguments);
    }

    private static final Set<StaticType> AS_NUMBER_ACCEPTS = Set.of(NUMBER, STRING, StaticType.ANY);

    private final int minimumArguments;
    private final int maximumArguments;
    private final Body body;
    private final StaticType resultType;
    /** The type of each argument, the last one repeating; empty when the body accepts anything. */
    private final List<StaticType> parameterTypes;

    Function(Body body, StaticType resultType, StaticType... parameterTypes) {
        this(parameterTypes.length, parameterTypes.length, body, resultType, parameterTypes);
    }

    Function(int minimumArguments, int maximumArguments, Body body, StaticType resultType,
            StaticType... parameterTypes) {
        this.minimumArguments = minimumArguments;
        this.maximumArguments = maximumArguments;
        this.body = body;
        this.resultType = resultType;
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

    /** Called with a number of arguments it {@link #accepts}. */
    @Override
    public Optional<StaticType> resultType(List<StaticType> arguments) {
        for (int index = 0; index < arguments.size() && !parameterTypes.isEmpty(); index++) {
            if (!arguments.get(index).fits(parameterType(index))) {
                return Optional.empty();
            }
        }
        return Optional.of(resultType);
    }

    @Override
    public String expectedOperands() {
        if (parameterTypes.isEmpty()) {
            return "(any value)";
        }
        String listed = parameterTypes.stream().limit(maximumArguments).map(StaticType::toString)
                .collect(Collectors.joining(", "));
        return "(" + (maximumArguments == Integer.MAX_VALUE ? listed + ", ..." : listed) + ")";
    }

    private StaticType parameterType(int index) {
        return parameterTypes.get(Math.min(index, parameterTypes.size() - 1));
    }

    @Override
    public Value apply(List<Value> arguments) {
        if (this == CONCAT) {
            // A property whose value is null concatenates as the empty string, as in IoT Edge's hub.
            arguments = arguments.stream().map(Value::nullAsEmptyString).toList();
        }
        if (!parameterTypes.isEmpty()) {
            for (int index = 0; index < arguments.size(); index++) {
                Value argument = arguments.get(index);
                StaticType expected = parameterType(index);
                if (argument.isUndefined()) {
                    return argument;
                }
                if (StaticType.of(argument) != expected) {
                    int position = index + 1;
                    return Value.undefined(() -> functionName() + " needs a " + expected + " as argument " + position
                            + " but was given " + argument.type());
                }
            }
        }
        return body.apply(arguments);
    }

    private static Body math(DoubleUnaryOperator operation) {
        return arguments -> Value.of(operation.applyAsDouble(arguments.get(0).numberValue()));
    }

    private static Body strings(BiPredicate<String, String> test) {
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
                    return Value.undefined(() -> "'" + argument.stringValue() + "' is not a number");
                }
            default:
                return Value.undefined(() -> "as_number needs a number or a string but was given " + argument.type());
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
            return Value.undefined(() -> "substring from " + (long) start + " for " + (long) length
                    + " lies outside a string of length " + text.length());
        }
        return Value.of(text.substring((int) start, (int) (start + length)));
    }
}
