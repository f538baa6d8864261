package io.strata.api.routing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What became of each message of a batch handed to {@link Endpoint#deliver(java.util.List, DeliveryReceipt)}:
 * the endpoint reports every index of the batch once, from any thread, in any order. The router keeps a
 * failed message and delivers it again; a report after the router gave up waiting for it is ignored.
 */
@ProviderType
public interface DeliveryReceipt {

    /** The receiver has taken responsibility for the message at this index of the batch. */
    void delivered(int index);

    /**
     * The receiver has taken responsibility for the messages from {@code fromIndex} (inclusive) to
     * {@code toIndex} (exclusive): one report for a run of messages, for an endpoint that delivers them at once.
     */
    default void delivered(int fromIndex, int toIndex) {
        for (int index = fromIndex; index < toIndex; index++) {
            delivered(index);
        }
    }

    /** The receiver did not take the message at this index of the batch. */
    void failed(int index, Throwable failure);

    /**
     * Reports the outcome of one message's delivery stage once it completes: for an endpoint that delivers
     * a batch message by message. A delivery that throws has failed.
     */
    default void follow(int index, Supplier<? extends CompletionStage<Void>> delivery) {
        CompletionStage<Void> stage;
        try {
            stage = delivery.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((done, failure) -> {
            if (failure == null) {
                delivered(index);
            } else {
                failed(index, failure);
            }
        });
    }
}
