package io.strata.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One measurement as a line of JSON appended to the file {@code --results=} names (bench/run.sh builds
 * its table from them); nothing without that option.
 */
final class Results {

    private final Map<String, Object> figures = new LinkedHashMap<>();

    Results(String label) {
        figures.put("label", label);
    }

    Results put(String name, Object value) {
        figures.put(name, value);
        return this;
    }

    Object figure(String name) {
        return figures.get(name);
    }

    /** Throughput, latencies and CPU times as one phrase. */
    String summary() {
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT, "%.0f msg/s", figures.get("msgPerSec")));
        if (figures.containsKey("p50Ms")) {
            summary.append(String.format(Locale.ROOT, ", p50 %.2f ms, p99 %.2f ms, max %.2f ms", figures.get("p50Ms"),
                    figures.get("p99Ms"), figures.get("maxMs")));
        }
        if (figures.containsKey("generatorCpuUsPerMsg")) {
            summary.append(String.format(Locale.ROOT, ", generator CPU %.1f us/msg", figures.get("generatorCpuUsPerMsg")));
        }
        if (figures.containsKey("serverCpuUsPerMsg")) {
            summary.append(String.format(Locale.ROOT, ", broker CPU %.1f us/msg", figures.get("serverCpuUsPerMsg")));
        }
        return summary.toString();
    }

    void appendTo(String file) throws IOException {
        if (file.isEmpty()) {
            return;
        }
        String line = figures.entrySet().stream().map(entry -> "\"" + entry.getKey() + "\":" + json(entry.getValue()))
                .collect(Collectors.joining(",", "{", "}\n"));
        Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static String json(Object value) {
        if (value instanceof Double number) {
            return String.format(Locale.ROOT, "%.3f", number);
        }
        return value instanceof Number ? value.toString() : "\"" + value + "\"";
    }
}
