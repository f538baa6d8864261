package io.strata.routing.internal.lang;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a condition computes: undefined (carrying the reason, so that a route test can say why),
 * null, a boolean, a number (possibly infinite) or a string. All numbers are doubles, as in IoT Hub.
 * A reason is put into words only when asked for: the router evaluates conditions for every message
 * and never asks.
 */
final class Value {

    enum Type {
        UNDEFINED("undefined"), NULL("null"), BOOLEAN("a boolean"), NUMBER("a number"), STRING("a string");

        private final String description;

        Type(String description) {
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    static final Value NULL = new Value(Type.NULL, null);
    static final Value TRUE = new Value(Type.BOOLEAN, Boolean.TRUE);
    static final Value FALSE = new Value(Type.BOOLEAN, Boolean.FALSE);

    private final Type type;
    /** The boolean, Double or String; for undefined, the reason, or the {@code Supplier} of it. */
    private final Object content;

    private Value(Type type, Object content) {
        this.type = type;
        this.content = content;
    }

    static Value undefined(String reason) {
        return new Value(Type.UNDEFINED, reason);
    }

    /** Undefined, for a reason worked out only if someone asks for it. */
    static Value undefined(Supplier<String> reason) {
        return new Value(Type.UNDEFINED, reason);
    }

    static Value of(boolean value) {
        return value ? TRUE : FALSE;
    }

    /**
     * A number. Infinities are numbers, as in IoT Edge's hub ({@code 3 / 0}, {@code 10e1000}); NaN, what
     * {@code 1 % 0} or {@code sqrt(-1)} computes, is undefined.
     */
    static Value of(double value) {
        return Double.isNaN(value) ? undefined("the result is not a number") : new Value(Type.NUMBER, value);
    }

    static Value of(String value) {
        return new Value(Type.STRING, Objects.requireNonNull(value));
    }

    /** A null property value, which IoT Edge's hub concatenates as the empty string; any other value as it is. */
    Value nullAsEmptyString() {
        return type == Type.NULL ? of("") : this;
    }

    Type type() {
        return type;
    }

    boolean isUndefined() {
        return type == Type.UNDEFINED;
    }

    boolean isTrue() {
        return this == TRUE;
    }

    boolean booleanValue() {
        return (Boolean) content;
    }

    double numberValue() {
        return (Double) content;
    }

    String stringValue() {
        return (String) content;
    }

    /** Why this value is undefined. */
    String reason() {
        return content instanceof Supplier<?> reason ? (String) reason.get() : (String) content;
    }

    /** The value as an explanation shows it: {@code false}, {@code the number 5}, {@code undefined: <reason>}. */
    String describe() {
        return switch (type) {
            case UNDEFINED -> "undefined: " + reason();
            case NULL, BOOLEAN -> String.valueOf(content);
            case NUMBER -> "the number " + formatNumber(numberValue());
            case STRING -> "the string '" + content + "'";
        };
    }

    private static String formatNumber(double number) {
        return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number) : Double.toString(number);
    }

    @Override
    public String toString() {
        return describe();
    }
}
