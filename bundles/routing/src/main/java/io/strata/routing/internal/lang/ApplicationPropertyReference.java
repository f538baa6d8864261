package io.strata.routing.internal.lang;

/** A bare name: an application property, a string or null as the message carries it. */
record ApplicationPropertyReference(String name) implements Expression {

    @Override
    public Value evaluate(MessageContext message) {
        return message.applicationProperty(name)
                .orElseGet(() -> Value.undefined(() -> name + " is undefined because the message has no application property of that name"));
    }

    @Override
    public StaticType type() {
        return StaticType.STRING;
    }
}
