package io.strata.blob.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the blobs last changed longer ago than an age, looking at a fixed period on a thread of its
 * own, as Blob Storage on IoT Edge's {@code deviceAutoDeleteProperties} (deleteOn, deleteAfterMinutes).
 */
final class AutoDelete implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AutoDelete.class);

    private final BlobStore store;
    private final Duration age;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            task -> new Thread(task, "strata-blob-auto-delete"));

    AutoDelete(BlobStore store, Duration age, Duration period, Clock clock) {
        this.store = store;
        this.age = age;
        this.clock = clock;
        thread.scheduleWithFixedDelay(this::deleteOld, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void deleteOld() {
        try {
            int deleted = store.deleteOlderThan(clock.instant().minus(age));
            if (deleted > 0) {
                LOG.info("The blob storage deleted {} blobs last changed more than {} ago", deleted, age);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("The blob storage could not delete its old blobs: {}", e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
