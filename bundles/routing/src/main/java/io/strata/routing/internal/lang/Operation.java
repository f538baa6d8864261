package io.strata.routing.internal.lang;

import java.util.List;

/** An operator or function call over the expressions of its operands, of the type the type check found. */
record Operation(String text, Computation computation, List<Expression> operands, StaticType type) implements Expression {

    @Override
    public Value evaluate(MessageContext message) {
        List<Value> values = operands.stream().map(operand -> operand.evaluate(message)).toList();
        Value result = computation.apply(values);
        if (result.isUndefined() && values.stream().noneMatch(value -> value == result)) {
            // Undefined arose here rather than in an operand: say which part of the condition did it.
            return Value.undefined("'" + text + "' is undefined because " + result.reason());
        }
        return result;
    }
}
