package io.strata.routing.internal.lang;

import java.util.List;
import java.util.Optional;

/** An operator or function: how it types its operands when the route is compiled, and what it computes. */
interface Computation {

    /**
     * Computes the result. An undefined operand that makes the result undefined is returned
     * itself, so that its reason reaches the explanation.
     */
    Value apply(List<Value> operands);

    /** The type of the result for operands of these types, or empty when IoT Hub refuses such operands. */
    Optional<StaticType> resultType(List<StaticType> operands);

    /** What the operands must be, for the error that refuses a route: {@code two numbers}. */
    String expectedOperands();
}
