package io.strata.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor of a durable message path on this machine: the least any store that acknowledges after fsync can do
 * at a given rate. A paced sender hands batches to one committer thread, which writes what has gathered and forces it
 * with {@code fdatasync}, as a group-committing store does, with no broker, routing or encoding around it. Each
 * batch is timed from its schedule until its force returned, where a store's sender hears that it is on disk: on a
 * small virtual machine the tail of this figure is the disk's and the scheduler's, and no store on it beats it.
 *
 * <p>A store never commits alone: the node around it routes and delivers the messages it stores. With {@code beside}
 * percent, one more thread keeps about that share of a core busy meanwhile, busy and idle by turns in periods of
 * {@code besidePeriodMicros} (a node's threads run some 25 us at a time, tens of thousands of times a second): what the
 * floor becomes on this machine when a committer is not the only thing running. The share it really took is
 * reported. On a 2-vCPU VM the period matters more than the share: the same share in 1 ms periods leaves the floor
 * almost as it is alone, in 200 us periods it multiplies its p99.
 */
final class CommitFloor {

    private final Object lock = new Object();
    /** The scheduled send times of batches appended and not yet taken by the committer. */
    private List<Long> appended = new ArrayList<>();
    private final Latencies latencies;
    private final int batchBytes;
    private long forces;
    private long slowForces;

    private CommitFloor(int batches, int batchBytes) {
        this.latencies = new Latencies(batches);
        this.batchBytes = batchBytes;
    }

    /**
     * Runs for {@code seconds} at {@code perSecond} messages of {@code bytes} each, {@code batch} per append, in a
     * file of {@code directory} that is deleted afterwards, with {@code besidePercent} of a core busy beside it.
     */
    static Results measure(Path directory, long perSecond, int batch, int bytes, int seconds, int besidePercent,
            long besidePeriodMicros) throws Exception {
        int batches = (int) (perSecond * seconds / batch);
        CommitFloor floor = new CommitFloor(batches, batch * bytes);
        Path file = Files.createTempFile(directory, "commit-floor", ".log");
        ProcessCpu cpu = new ProcessCpu("self");
        AtomicLong besideCpuNanos = new AtomicLong();
        Thread beside = busy(besidePercent, besidePeriodMicros * 1000, besideCpuNanos);
        long started = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            Thread committer = new Thread(() -> floor.commit(channel), "commit-floor-committer");
            committer.setDaemon(true);
            committer.start();
            floor.send(batches, batch, perSecond);
            floor.awaitAll(batches);
            committer.interrupt();
            committer.join();
        } finally {
            beside.interrupt();
            beside.join();
            Files.deleteIfExists(file);
        }
        long besideShare = Math.round(100.0 * besideCpuNanos.get() / (System.nanoTime() - started));
        Latencies latencies = floor.latencies;
        return new Results(besidePercent > 0 ? "commit-floor-beside" : "commit-floor").put("besidePercent", besideShare)
                .put("besidePeriodMicros", besidePeriodMicros)
                .put("msgPerSec", (double) perSecond).put("p50Ms", latencies.millis(0.5))
                .put("p99Ms", latencies.millis(0.99)).put("maxMs", latencies.millis(1))
                .put("generatorCpuUsPerMsg", cpu.microsPer((long) batches * batch)).put("forces", floor.forces)
                .put("forcesOver2Ms", floor.slowForces);
    }

    /**
     * A started thread that keeps about {@code percent} of a core busy, in periods of {@code periodNanos}, until
     * interrupted, idle at 0, and then adds the CPU time it took to {@code cpuNanos}.
     */
    private static Thread busy(int percent, long periodNanos, AtomicLong cpuNanos) {
        long busyNanos = periodNanos * Math.min(100, percent) / 100;
        Thread thread = new Thread(() -> {
            while (busyNanos > 0 && !Thread.currentThread().isInterrupted()) {
                long end = System.nanoTime() + busyNanos;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                LockSupport.parkNanos(periodNanos - busyNanos);
            }
            cpuNanos.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
        }, "commit-floor-beside");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void send(int batches, int batch, long perSecond) {
        long start = System.nanoTime();
        for (int index = 0; index < batches; index++) {
            long due = start + index * batch * 1_000_000_000L / perSecond;
            for (long early = due - System.nanoTime(); early > 0; early = due - System.nanoTime()) {
                LockSupport.parkNanos(early);
            }
            synchronized (lock) {
                appended.add(due);
                lock.notifyAll();
            }
        }
    }

    private void awaitAll(int batches) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (latencies.count() < batches && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** The committer: takes what was appended, writes it, forces it, and times each batch it took. */
    private void commit(FileChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        long position = 0;
        try {
            while (true) {
                List<Long> taken;
                synchronized (lock) {
                    while (appended.isEmpty()) {
                        lock.wait();
                    }
                    taken = appended;
                    appended = new ArrayList<>();
                }
                for (int written = 0; written < taken.size() * batchBytes; written += buffer.capacity()) {
                    buffer.clear().limit(Math.min(buffer.capacity(), taken.size() * batchBytes - written));
                    while (buffer.hasRemaining()) {
                        position += channel.write(buffer, position);
                    }
                }
                long forcing = System.nanoTime();
                channel.force(false);
                long forced = System.nanoTime();
                forces++;
                slowForces += forced - forcing > 2_000_000 ? 1 : 0;
                for (long due : taken) {
                    latencies.record(forced - due);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
