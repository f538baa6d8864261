package io.strata.metrics.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Counts by label values, for a counter read at scrape time. The label sets are bounded: names such as
 * the identities of refused clients come from outside, so past {@value #MAX_LABEL_SETS} every new set
 * is counted under {@value #OTHER}, and memory stays bounded whatever clients send.
 */
final class LabelledCounts {

    static final int MAX_LABEL_SETS = 1000;
    static final String OTHER = "other";

    private final Map<List<String>, LongAdder> counts = new ConcurrentHashMap<>();

    void increment(String... labels) {
        List<String> key = List.of(labels);
        LongAdder count = counts.get(key);
        if (count == null) {
            if (counts.size() >= MAX_LABEL_SETS) {
                String[] other = new String[labels.length];
                Arrays.fill(other, OTHER);
                key = List.of(other);
            }
            count = counts.computeIfAbsent(key, any -> new LongAdder());
        }
        count.increment();
    }

    void forEach(BiConsumer<List<String>, Long> action) {
        counts.forEach((labels, count) -> action.accept(labels, count.sum()));
    }
}
