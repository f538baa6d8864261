package io.strata.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The 100 ms intervals of a run in which messages arrived slower than a bound, with their wall-clock time, so that
 * a reader lines the latency up with the node's GC log (its {@code time} decoration) or any other log.
 */
final class SlowIntervals {
    private static final long INTERVAL_NANOS = 100_000_000L;
    /** Records nothing. */
    static final SlowIntervals NONE = new SlowIntervals(Long.MAX_VALUE, 0);

    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();
    private final long boundNanos;
    private final int[] slow;
    private final long[] worstNanos;

    SlowIntervals(long boundNanos, long runNanos) {
        this.boundNanos = boundNanos;
        int intervals = (int) (runNanos / INTERVAL_NANOS) + 1;
        slow = new int[intervals];
        worstNanos = new long[intervals];
    }

    void record(long arrivedNanos, long latencyNanos) {
        if (latencyNanos > boundNanos) {
            recordSlow((int) ((arrivedNanos - startNanos) / INTERVAL_NANOS), latencyNanos);
        }
    }

    private synchronized void recordSlow(int interval, long latencyNanos) {
        if (interval < slow.length) {
            slow[interval]++;
            worstNanos[interval] = Math.max(worstNanos[interval], latencyNanos);
        }
    }

    /** One line per interval with slow messages: when it began, how many, the slowest. */
    synchronized List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (int interval = 0; interval < slow.length; interval++) {
            if (slow[interval] > 0) {
                lines.add(String.format("%s %d slower than %.0f ms, slowest %.1f ms",
                        Instant.ofEpochMilli(startMillis + interval * INTERVAL_NANOS / 1_000_000), slow[interval],
                        boundNanos / 1e6, worstNanos[interval] / 1e6));
            }
        }
        return lines;
    }
}
