package io.strata.routing.internal.lang;

import static io.strata.routing.internal.lang.StaticType.BOOLEAN;
import static io.strata.routing.internal.lang.StaticType.NULL;
import static io.strata.routing.internal.lang.StaticType.NUMBER;
import static io.strata.routing.internal.lang.StaticType.STRING;

import java.util.List;
import java.util.Optional;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntPredicate;

/**
 * The unary and binary operators of a condition, typed as IoT Edge's hub compiles them and computed
 * with its undefined-propagating semantics. Null follows that hub too: {@code NOT null} is true,
 * {@code null AND x} is null, {@code null OR x} is {@code x} and {@code null OR null} is null.
 */
enum Operator implements Computation {
    NOT("NOT") {
        @Override
        public Value apply(List<Value> operands) {
            Value operand = operands.get(0);
            if (operand.type() == Value.Type.BOOLEAN) {
                return Value.of(!operand.booleanValue());
            }
            if (operand.type() == Value.Type.NULL) {
                return Value.TRUE;
            }
            return operand.isUndefined() ? operand : Value.undefined(() -> "NOT needs a boolean but was given " + operand.type());
        }
    },
    NEGATE("-") {
        @Override
        public Value apply(List<Value> operands) {
            Value operand = operands.get(0);
            if (operand.type() == Value.Type.NUMBER) {
                return Value.of(-operand.numberValue());
            }
            return operand.isUndefined() ? operand : Value.undefined(() -> "'-' needs a number but was given " + operand.type());
        }
    },
    MULTIPLY("*", (left, right) -> left * right),
    DIVIDE("/", (left, right) -> left / right),
    MODULO("%", (left, right) -> left % right),
    ADD("+", Double::sum),
    SUBTRACT("-", (left, right) -> left - right),
    CONCAT("||") {
        @Override
        public Value apply(List<Value> operands) {
            // A property whose value is null concatenates as the empty string, as in IoT Edge's hub.
            Value left = operands.get(0).nullAsEmptyString();
            Value right = operands.get(1).nullAsEmptyString();
            Value problem = firstNotOfType(Value.Type.STRING, left, right);
            return problem != null ? problem : Value.of(left.stringValue() + right.stringValue());
        }
    },
    LESS("<", order -> order < 0),
    LESS_OR_EQUAL("<=", order -> order <= 0),
    GREATER(">", order -> order > 0),
    GREATER_OR_EQUAL(">=", order -> order >= 0),
    EQUAL("=", order -> order == 0),
    NOT_EQUAL("!=", order -> order != 0),
    AND("AND") {
        @Override
        public Value apply(List<Value> operands) {
            Value left = operands.get(0);
            Value right = operands.get(1);
            if (left.type() == Value.Type.NULL || right.type() == Value.Type.NULL) {
                return Value.NULL;
            }
            // Three-valued logic: false wins over undefined.
            return logical(left, right, Value.FALSE);
        }
    },
    OR("OR") {
        @Override
        public Value apply(List<Value> operands) {
            Value left = operands.get(0);
            Value right = operands.get(1);
            if (left.type() == Value.Type.NULL && right.type() == Value.Type.NULL) {
                return Value.NULL;
            }
            // Three-valued logic: true wins over undefined; one null leaves the other operand to decide.
            return logical(left.type() == Value.Type.NULL ? Value.FALSE : left,
                    right.type() == Value.Type.NULL ? Value.FALSE : right, Value.TRUE);
        }
    },
    COALESCE("??") {
        @Override
        public Value apply(List<Value> operands) {
            Value left = operands.get(0);
            return left.isUndefined() ? operands.get(1) : left;
        }
    };

    private final String symbol;
    private final DoubleBinaryOperator arithmetic;
    private final IntPredicate comparison;

    Operator(String symbol) {
        this(symbol, null, null);
    }

    Operator(String symbol, DoubleBinaryOperator arithmetic) {
        this(symbol, arithmetic, null);
    }

    Operator(String symbol, IntPredicate comparison) {
        this(symbol, null, comparison);
    }

    Operator(String symbol, DoubleBinaryOperator arithmetic, IntPredicate comparison) {
        this.symbol = symbol;
        this.arithmetic = arithmetic;
        this.comparison = comparison;
    }

    /** Arithmetic and comparisons; the other operators override this. */
    @Override
    public Value apply(List<Value> operands) {
        Value left = operands.get(0);
        Value right = operands.get(1);
        if (arithmetic != null) {
            Value problem = firstNotOfType(Value.Type.NUMBER, left, right);
            return problem != null ? problem : Value.of(arithmetic.applyAsDouble(left.numberValue(), right.numberValue()));
        }
        if (left.isUndefined()) {
            return left;
        }
        if (right.isUndefined()) {
            return right;
        }
        if (left.type() != right.type()) {
            return Value.undefined(() -> left.type() + " cannot be compared with " + right.type());
        }
        return Value.of(comparison.test(order(left, right)));
    }

    @Override
    public Optional<StaticType> resultType(List<StaticType> operands) {
        StaticType left = operands.get(0);
        StaticType right = operands.size() == 2 ? operands.get(1) : null;
        return Optional.ofNullable(switch (this) {
            case NOT -> left == NULL || left.fits(BOOLEAN) ? BOOLEAN : null;
            case NEGATE -> left.fits(NUMBER) ? NUMBER : null;
            case MULTIPLY, DIVIDE, MODULO, ADD, SUBTRACT -> left.fits(NUMBER) && right.fits(NUMBER) ? NUMBER : null;
            case CONCAT -> left.fits(STRING) && right.fits(STRING) ? STRING : null;
            case LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL, EQUAL, NOT_EQUAL -> left.comparableWith(right) ? BOOLEAN : null;
            case AND -> isLogical(left) && isLogical(right) ? (left == NULL || right == NULL ? NULL : BOOLEAN) : null;
            case OR -> isLogical(left) && isLogical(right) ? (left == NULL && right == NULL ? NULL : BOOLEAN) : null;
            case COALESCE -> left.comparableWith(right) ? (right == StaticType.ANY ? StaticType.ANY : left) : null;
        });
    }

    @Override
    public String expectedOperands() {
        return switch (this) {
            case NOT -> "a boolean or null";
            case NEGATE -> "a number";
            case MULTIPLY, DIVIDE, MODULO, ADD, SUBTRACT -> "two numbers";
            case CONCAT -> "two strings";
            case AND, OR -> "booleans, null or undefined";
            default -> "two operands of the same type";
        };
    }

    /** What AND and OR take: IoT Edge's hub also lets undefined through, which three-valued logic handles. */
    private static boolean isLogical(StaticType type) {
        return type == BOOLEAN || type == NULL || type == StaticType.UNDEFINED || type == StaticType.ANY;
    }

    private static int order(Value left, Value right) {
        return switch (left.type()) {
            case BOOLEAN -> Boolean.compare(left.booleanValue(), right.booleanValue());
            // Not Double.compare, which puts -0.0 before 0.0.
            case NUMBER -> left.numberValue() < right.numberValue() ? -1 : left.numberValue() > right.numberValue() ? 1 : 0;
            case STRING -> left.stringValue().compareTo(right.stringValue());
            default -> 0; // null equals null
        };
    }

    /**
     * The operand that keeps this operator from computing, or null when both are of the expected type.
     * Not private, so that the constants' own bodies can call it.
     */
    Value firstNotOfType(Value.Type expected, Value left, Value right) {
        for (Value operand : List.of(left, right)) {
            if (operand.isUndefined()) {
                return operand;
            }
        }
        if (left.type() == expected && right.type() == expected) {
            return null;
        }
        return Value.undefined(() -> "'" + symbol + "' needs two " + plural(expected) + " but was given " + left.type() + " and " + right.type());
    }

    private static String plural(Value.Type type) {
        return type == Value.Type.NUMBER ? "numbers" : "strings";
    }

    /** AND and OR: {@code decisive} is the value that settles the result whatever the other operand is. */
    Value logical(Value left, Value right, Value decisive) {
        if (left == decisive || right == decisive) {
            return decisive;
        }
        if (left.type() == Value.Type.BOOLEAN && right.type() == Value.Type.BOOLEAN) {
            return decisive == Value.TRUE ? Value.FALSE : Value.TRUE;
        }
        for (Value operand : List.of(left, right)) {
            if (operand.isUndefined()) {
                return operand;
            }
        }
        Value notBoolean = left.type() == Value.Type.BOOLEAN ? right : left;
        return Value.undefined(() -> symbol + " needs booleans but was given " + notBoolean.type());
    }
}
