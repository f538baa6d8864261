package io.strata.api.node;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.routing.Endpoint;
import io.strata.api.twin.TwinSection;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.LoggerFactory;

/**
 * One connection to the parent over one protocol, made by the {@link ParentSessionFactory} of that
 * protocol; the upstream link keeps one connected and makes a new one after each loss.
 */
public interface ParentSession {

    /** What a session tells the link about itself. */
    interface Events {
        /** Authenticated and listening to the parent: telemetry can go. */
        void connected(ParentSession session);

        /** The connection is gone, for {@code reason}; called once. */
        void lost(ParentSession session, String reason);
    }

    /** Opens the connection; a failure is reported to {@link Events#lost}, never thrown. */
    void start();

    boolean isConnected();

    /** Closes the connection; {@link Events#lost} follows. */
    void close();

    /** Sends telemetry of {@code origin}; completes once the parent stored it, fails otherwise. */
    CompletionStage<Void> sendTelemetry(IdentityId origin, Message message);

    /**
     * How many telemetry messages may wait for the parent's answer at once: the router's window for
     * {@code $upstream}. A session that batches what is in flight wants thousands.
     */
    default int maxTelemetryInFlight() {
        return Endpoint.DEFAULT_MAX_IN_FLIGHT;
    }

    /** Sends a twin's reported section; one lost with the connection goes again with all others on reconnecting. */
    void sendReported(TwinSection section);

    /** Runs what a message from the parent does here on the executor, logging its failure. */
    static void execute(Executor executor, Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(ParentSession.class).error("Applying what the parent sent failed: {}",
                            e.getMessage(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LoggerFactory.getLogger(ParentSession.class)
                    .debug("The upstream link is stopping: a message from the parent is left unapplied");
        }
    }

    /** A failure's message, for the status and the log. */
    static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
