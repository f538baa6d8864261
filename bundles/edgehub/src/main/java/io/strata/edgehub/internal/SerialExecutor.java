package io.strata.edgehub.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs its tasks one after the other, in the order given, on threads of a shared pool: a module's
 * handlers see its messages in order without the module owning a thread while it is idle.
 */
final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    /** @throws java.util.concurrent.RejectedExecutionException when the pool is shut down */
    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
        if (!draining) {
            try {
                pool.execute(this::drain);
            } catch (RuntimeException e) {
                tasks.remove(task);
                throw e;
            }
            draining = true;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) { // tasks handle their failures: one that does not must not stop the others
                LOG.error("A module client task failed", e);
            }
        }
    }
}
