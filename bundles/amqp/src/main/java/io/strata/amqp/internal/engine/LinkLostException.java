package io.strata.amqp.internal.engine;

/** A delivery's outcome will never come: its link or connection closed first. */
public class LinkLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LinkLostException(String reason) {
        super(reason);
    }
}
