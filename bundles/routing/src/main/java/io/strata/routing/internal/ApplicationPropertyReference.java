package io.strata.routing.internal;

/** A bare name: an application property, whose value is always a string. */
record ApplicationPropertyReference(String name) implements Expression {

    @Override
    public Value evaluate(MessageContext message) {
        return message.applicationProperty(name)
                .map(Value::of)
                .orElseGet(() -> Value.undefined(name + " is undefined because the message has no application property of that name"));
    }
}
