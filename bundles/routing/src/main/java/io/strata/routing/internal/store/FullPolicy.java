package io.strata.routing.internal.store;

/** What an append does when the store has reached its size limit. */
public enum FullPolicy {
    /** The append fails with {@link StoreFullException}, so the sender learns it was not accepted. */
    REFUSE_NEW,
    /** The oldest entries of the lowest priority present make room, so fresh data wins over stale data. */
    DROP_OLDEST
}
