package io.strata.routing.internal.store;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.h2.mvstore.MVStore;

/**
 * Makes writes durable in groups. A writer registers its finished write and gets a future; one committer thread
 * commits the store and forces the file for every write registered so far, while writes arriving meanwhile gather
 * for the next round. One fsync thus covers as many appends as arrive during the previous one, and no thread is
 * blocked per waiting writer.
 */
final class GroupCommit implements AutoCloseable {
    private final MVStore store;
    private final Thread committer;
    /** Futures of registered writes not yet on disk, by write number. */
    private final NavigableMap<Long, CompletableFuture<Void>> waiting = new TreeMap<>();
    /** Writes registered so far, numbered from 1. */
    private long registered;
    /** Every write up to this number has been through a commit (successful or not). */
    private long covered;
    private long syncs;
    private boolean closed;

    GroupCommit(MVStore store, String name) {
        this.store = store;
        this.committer = new Thread(this::commitLoop, name);
        committer.setDaemon(true);
        committer.start();
    }

    /**
     * Numbers a write that is complete in the store's maps; the future completes once a commit that includes it is
     * forced to disk, or fails with that commit's failure.
     */
    synchronized CompletableFuture<Void> register() {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        if (closed) {
            durable.completeExceptionally(new IllegalStateException("the message store is closed"));
            return durable;
        }
        waiting.put(++registered, durable);
        notifyAll();
        return durable;
    }

    /** How many commits forced the file; fewer than the writes when writers share them. */
    synchronized long syncs() {
        return syncs;
    }

    /** Makes every registered write durable, then stops the committer. */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        committer.join();
    }

    private void commitLoop() {
        while (true) {
            long upTo;
            synchronized (this) {
                while (!closed && covered == registered) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                if (covered == registered) {
                    return;
                }
                upTo = registered;
            }
            RuntimeException failure = null;
            try {
                store.commit();
                // MVStore's commit only writes the chunk; the force makes it survive a power cut.
                store.sync();
            } catch (RuntimeException e) {
                failure = e;
            }
            List<CompletableFuture<Void>> done;
            synchronized (this) {
                NavigableMap<Long, CompletableFuture<Void>> group = waiting.headMap(upTo, true);
                done = new ArrayList<>(group.values());
                group.clear();
                covered = upTo;
                if (failure == null) {
                    syncs++;
                }
            }
            for (CompletableFuture<Void> write : done) {
                if (failure == null) {
                    write.complete(null);
                } else {
                    write.completeExceptionally(failure);
                }
            }
        }
    }
}
