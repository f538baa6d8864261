package io.strata.routing.internal.lang;

import java.util.Arrays;
import java.util.List;

/** An operator or function call over the expressions of its operands, of the type the type check found. */
record Operation(String text, Computation computation, List<Expression> operands, StaticType type) implements Expression {

    @Override
    public Value evaluate(MessageContext message) {
        Value[] values = new Value[operands.size()];
        for (int index = 0; index < values.length; index++) {
            values[index] = operands.get(index).evaluate(message);
        }
        Value result = computation.apply(Arrays.asList(values));
        if (result.isUndefined() && !isAnyOf(result, values)) {
            // Undefined arose here rather than in an operand: say which part of the condition did it.
            return Value.undefined(() -> "'" + text + "' is undefined because " + result.reason());
        }
        return result;
    }

    private static boolean isAnyOf(Value result, Value[] values) {
        for (Value value : values) {
            if (value == result) {
                return true;
            }
        }
        return false;
    }
}
