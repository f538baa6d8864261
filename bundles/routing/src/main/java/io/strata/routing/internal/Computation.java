package io.strata.routing.internal;

import java.util.List;

/** An operator or function applied to the values of its operands. */
interface Computation {

    /**
     * Computes the result. An undefined operand that makes the result undefined is returned
     * itself, so that its reason reaches the explanation.
     */
    Value apply(List<Value> operands);
}
