package io.strata.routing.internal;

/** A parsed condition or part of one. */
interface Expression {

    Value evaluate(MessageContext message);
}
