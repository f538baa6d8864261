package io.strata.routing.internal.lang;

/** A parsed condition or part of one. */
interface Expression {

    Value evaluate(MessageContext message);

    /** What the expression computes as far as the route alone tells, for the type check of the parts around it. */
    StaticType type();
}
