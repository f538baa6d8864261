package io.strata.routing.internal.lang;

/** A constant: a string, number, boolean, null or undefined written in the route. */
record Literal(Value value) implements Expression {

    @Override
    public Value evaluate(MessageContext message) {
        return value;
    }

    @Override
    public StaticType type() {
        return StaticType.of(value);
    }
}
