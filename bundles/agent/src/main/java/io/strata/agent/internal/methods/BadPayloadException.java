package io.strata.agent.internal.methods;

/** A method payload that cannot be served as it is; the message names the field and what is wrong. */
final class BadPayloadException extends Exception {

    private static final long serialVersionUID = 1L;

    BadPayloadException(String message) {
        super(message);
    }
}
