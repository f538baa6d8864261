package io.strata.hub.internal;

import io.strata.api.hub.Event;
import io.strata.api.message.Message;
import io.strata.api.message.MessageCodec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log on disk. Appends from any thread are written by one writer thread, which commits
 * and syncs once per batch of whatever arrived meanwhile, then completes their futures.
 */
final class EventStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventStore.class);
    private static final int ENTRY_HEADER = Long.BYTES;

    private final MVStore store;
    private final MVMap<Long, byte[]> events;
    private final Clock clock;
    private final Duration retention;
    private final long maxEvents;
    private final BlockingQueue<PendingEvent> pending = new LinkedBlockingQueue<>();
    private final Thread writer;
    private long nextOffset;

    EventStore(Path file, Clock clock, Duration retention, long maxEvents) {
        this.store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        this.events = store.openMap("events");
        this.clock = clock;
        this.retention = retention;
        this.maxEvents = maxEvents;
        Long last = events.lastKey();
        this.nextOffset = last == null ? 0 : last + 1;
        this.writer = new Thread(this::write, "strata-hub-event-log");
        writer.start();
    }

    /** Completes once the event is on disk. */
    CompletableFuture<Void> append(Message message) {
        PendingEvent event = new PendingEvent(MessageCodec.encode(message), new CompletableFuture<>());
        pending.add(event);
        return event.stored();
    }

    synchronized long nextOffset() {
        return nextOffset;
    }

    List<Event> read(long fromOffset, int max) {
        List<Event> read = new ArrayList<>();
        Iterator<Long> offsets = events.keyIterator(Math.max(fromOffset, 0));
        while (read.size() < max && offsets.hasNext()) {
            long offset = offsets.next();
            byte[] entry = events.get(offset);
            if (entry != null) {
                read.add(new Event(offset, Instant.ofEpochMilli(ByteBuffer.wrap(entry).getLong()),
                        MessageCodec.decode(entry, ENTRY_HEADER, entry.length - ENTRY_HEADER)));
            }
        }
        return read;
    }

    private void write() {
        List<PendingEvent> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                break;
            }
            pending.drainTo(batch);
            try {
                store(batch);
                batch.forEach(event -> event.stored().complete(null));
            } catch (RuntimeException e) {
                LOG.error("Could not write {} event(s) to the event log", batch.size(), e);
                batch.forEach(event -> event.stored().completeExceptionally(e));
            }
            batch.clear();
        }
        pending.forEach(event -> event.stored().completeExceptionally(new IllegalStateException("The event log closed")));
    }

    private void store(List<PendingEvent> batch) {
        long now = clock.millis();
        synchronized (this) {
            for (PendingEvent event : batch) {
                events.put(nextOffset++, ByteBuffer.allocate(ENTRY_HEADER + event.message().length).putLong(now)
                        .put(event.message()).array());
            }
        }
        dropExpired(now);
        store.commit();
        store.sync();
    }

    /** Drops the oldest events beyond the retention period or the maximum count. */
    private void dropExpired(long now) {
        long oldestKept = now - retention.toMillis();
        for (Long first = events.firstKey(); first != null; first = events.firstKey()) {
            boolean tooMany = events.sizeAsLong() > maxEvents;
            if (!tooMany && ByteBuffer.wrap(events.get(first)).getLong() >= oldestKept) {
                return;
            }
            events.remove(first);
        }
    }

    @Override
    public void close() throws InterruptedException {
        writer.interrupt();
        writer.join(5000);
        store.close();
    }

    private record PendingEvent(byte[] message, CompletableFuture<Void> stored) {
    }
}
