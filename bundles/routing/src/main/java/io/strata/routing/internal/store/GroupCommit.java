package io.strata.routing.internal.store;

import org.h2.mvstore.MVStore;

/**
 * Makes writes durable in groups. A writer registers its finished write and waits; the first waiter commits the
 * store and forces the file for every write registered so far, while writes arriving meanwhile gather for the
 * next round. One fsync thus covers as many appends as arrive during the previous one.
 */
final class GroupCommit {
    private final MVStore store;
    /** Writes registered so far, numbered from 1. */
    private long registered;
    /** Every write up to this number is committed and forced to disk. */
    private long durable;
    private boolean syncing;
    private long syncs;

    GroupCommit(MVStore store) {
        this.store = store;
    }

    /** Numbers a write that is complete in the store's maps; a commit starting after this includes it. */
    synchronized long register() {
        return ++registered;
    }

    /** Returns once write number {@code write} is on disk, committing and forcing it if no one else is. */
    void awaitDurable(long write) throws InterruptedException {
        long covered;
        synchronized (this) {
            while (syncing && durable < write) {
                wait();
            }
            if (durable >= write) {
                return;
            }
            syncing = true;
            covered = registered;
        }
        boolean synced = false;
        try {
            store.commit();
            // MVStore's commit only writes the chunk; the force makes it survive a power cut.
            store.sync();
            synced = true;
        } finally {
            synchronized (this) {
                syncing = false;
                if (synced) {
                    durable = covered;
                    syncs++;
                }
                // On failure a waiting writer takes over and meets the failure itself.
                notifyAll();
            }
        }
    }

    /** How many commits forced the file; fewer than the writes when writers share them. */
    synchronized long syncs() {
        return syncs;
    }
}
