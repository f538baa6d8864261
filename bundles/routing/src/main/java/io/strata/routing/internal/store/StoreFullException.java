package io.strata.routing.internal.store;

/** An append that does not fit under the store's size limit and was refused; nothing of it was stored. */
public class StoreFullException extends Exception {
    private static final long serialVersionUID = 1L;

    StoreFullException(long maxBytes, long storedBytes, long neededBytes) {
        super("The message store is full: " + storedBytes + " of at most " + maxBytes + " bytes are in use and the message needs "
                + neededBytes + " more");
    }
}
