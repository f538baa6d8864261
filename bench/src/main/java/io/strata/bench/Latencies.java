package io.strata.bench;

import java.util.Arrays;

/** Recorded latencies in nanoseconds, summarised as exact percentiles. */
final class Latencies {

    private final long[] samples;
    private int count;

    Latencies(int capacity) {
        samples = new long[capacity];
    }

    void record(long nanos) {
        record(nanos, 1);
    }

    /** The same latency for {@code messages} messages, as for a batch that was acknowledged as one. */
    synchronized void record(long nanos, int messages) {
        for (int index = 0; index < messages && count < samples.length; index++) {
            samples[count++] = nanos;
        }
    }

    synchronized int count() {
        return count;
    }

    /** The percentile (0.5 for the median) in milliseconds; 0 without samples. */
    synchronized double millis(double percentile) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(percentile * count) - 1)] / 1e6;
    }

    String summary() {
        return String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms", millis(0.50), millis(0.99), millis(1));
    }
}
