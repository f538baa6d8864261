package io.strata.api.routing;

/** The router refused a message: the reason is for the sender's log, never a stack trace. */
public class MessageRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MessageRejectedException(String reason) {
        super(reason);
    }
}
