package io.strata.agent.internal.methods;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background tasks of the upload methods, as IoT Edge's agent runs them: each gets a correlation
 * id at once and runs on the agent's one upload thread, one after the other; {@code GetTaskStatus}
 * reads its status. The last {@value #KEPT} tasks are remembered. Tasks still waiting or running
 * when the agent stops are cancelled.
 */
final class UploadTasks implements AutoCloseable {

    enum Status { NotStarted, Running, Completed, Failed, Cancelled }

    /** A task's state as {@code GetTaskStatus} answers it; {@code message} names a failure. */
    record Task(String correlationId, Status status, String message) {
    }

    /** The work of a task; an exception fails it with its message. */
    interface Work {
        void run() throws Exception;
    }

    static final int KEPT = 100;

    private static final Logger LOG = LoggerFactory.getLogger(UploadTasks.class);

    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            work -> new Thread(work, "strata-agent-uploads"));

    /** Queues {@code work} and answers its task as it stands when this returns. */
    synchronized Task start(String description, Work work) {
        String id = UUID.randomUUID().toString();
        put(new Task(id, Status.NotStarted, ""));
        try {
            thread.execute(() -> run(id, description, work));
        } catch (RejectedExecutionException e) {
            put(new Task(id, Status.Cancelled, "the agent is stopping"));
        }
        return tasks.get(id);
    }

    synchronized Optional<Task> status(String correlationId) {
        return Optional.ofNullable(tasks.get(correlationId));
    }

    private void run(String id, String description, Work work) {
        update(id, Status.Running, "");
        try {
            work.run();
            update(id, Status.Completed, "");
            LOG.info("{} completed (task {})", description, id);
        } catch (InterruptedException e) {
            update(id, Status.Cancelled, "the agent stopped during the task");
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            update(id, Status.Failed, description + " failed: " + message);
            LOG.warn("{} failed (task {}): {}", description, id, message);
        }
    }

    private synchronized void update(String id, Status status, String message) {
        Task task = tasks.get(id);
        if (task != null && task.status() != Status.Cancelled) {
            put(new Task(id, status, message));
        }
    }

    private void put(Task task) {
        tasks.put(task.correlationId(), task);
        for (Iterator<Task> oldest = tasks.values().iterator(); tasks.size() > KEPT && oldest.hasNext(); ) {
            if (finished(oldest.next())) {
                oldest.remove();
            }
        }
    }

    private static boolean finished(Task task) {
        return task.status() != Status.NotStarted && task.status() != Status.Running;
    }

    @Override
    public synchronized void close() {
        thread.shutdownNow();
        tasks.replaceAll((id, task) -> finished(task) ? task
                : new Task(id, Status.Cancelled, "the agent stopped before the task finished"));
    }
}
