package io.strata.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code edge:monitor-events} printed at the hub (one JSON event a line) for bodies made by
 * {@link TimedBodies}: the leaf's send time is in the body ({@code at}), the time the hub's event log
 * took the message is the event's {@code enqueuedTime}; both clocks are this machine's.
 */
public final class HubEvents {

    private static final Pattern ORIGIN = Pattern.compile("\"origin\":\"([^\"]*)\"");
    private static final Pattern ENQUEUED = Pattern.compile("\"enqueuedTime\":\"([^\"]+)\"");
    // The body is shown as JSON, or as a string with escaped quotes when the log could not read it as JSON.
    private static final Pattern NUMBER = Pattern.compile("\\\\?\"n\\\\?\":(\\d+)");
    private static final Pattern SENT_AT = Pattern.compile("\\\\?\"at\\\\?\":(\\d+)");

    private HubEvents() {
    }

    private record Arrival(String key, long sentMicros, long enqueuedMicros) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("timeline")) {
            timeline(read(Path.of(args[1])));
            return;
        }
        if (args.length < 3 || !(args[0].equals("latency") || args[0].equals("drain") && args.length == 4)) {
            System.err.println("""
                    latency <events.jsonl> <expectedMessages>
                    drain <events.jsonl> <expectedMessages> <parentStartEpochMillis>
                    timeline <events.jsonl>""");
            System.exit(2);
        }
        List<Arrival> arrivals = read(Path.of(args[1]));
        int expected = Integer.parseInt(args[2]);
        Set<String> distinct = new HashSet<>();
        arrivals.forEach(arrival -> distinct.add(arrival.key()));
        if (arrivals.isEmpty()) {
            System.out.printf("%s: none of %d messages reached the hub's event log%n", args[0], expected);
            System.exit(1);
        }
        long firstSent = arrivals.stream().mapToLong(Arrival::sentMicros).min().orElseThrow();
        long firstIn = arrivals.stream().mapToLong(Arrival::enqueuedMicros).min().orElseThrow();
        long lastIn = arrivals.stream().mapToLong(Arrival::enqueuedMicros).max().orElseThrow();
        if (args[0].equals("latency")) {
            Latencies latencies = new Latencies(arrivals.size());
            arrivals.forEach(arrival -> latencies.record((arrival.enqueuedMicros() - arrival.sentMicros()) * 1000));
            System.out.printf("leaf -> child -> parent -> hub: %d of %d messages in the event log (%d distinct, %d lost): "
                    + "%.0f msg/s from the first send to the last arrival, end to end %s%n", arrivals.size(), expected,
                    distinct.size(), Math.max(0, expected - distinct.size()), distinct.size() / seconds(firstSent, lastIn),
                    latencies.summary());
        } else {
            long parentStart = Long.parseLong(args[3]) * 1000;
            System.out.printf("drain: %d of %d messages queued on the child during the outage reached the hub (%d lost): "
                    + "the first %.1f s after the parent was started, the last %.1f s after; %.0f msg/s from first to last%n",
                    distinct.size(), expected, Math.max(0, expected - distinct.size()), seconds(parentStart, firstIn),
                    seconds(parentStart, lastIn), distinct.size() / Math.max(seconds(firstIn, lastIn), 1e-3));
        }
        System.exit(distinct.size() >= expected ? 0 : 1);
    }

    /**
     * Per second of the run, by send time: how many were sent then and their end-to-end latency, so that
     * a reader sees when a backlog built and how long it lasted.
     */
    private static void timeline(List<Arrival> arrivals) {
        long firstSent = arrivals.stream().mapToLong(Arrival::sentMicros).min().orElse(0);
        TreeMap<Long, List<Long>> bySecond = new TreeMap<>();
        for (Arrival arrival : arrivals) {
            bySecond.computeIfAbsent((arrival.sentMicros() - firstSent) / 1_000_000, second -> new ArrayList<>())
                    .add(arrival.enqueuedMicros() - arrival.sentMicros());
        }
        System.out.println("second sent p50_ms p99_ms max_ms (by send time, end to end)");
        bySecond.forEach((second, micros) -> {
            Collections.sort(micros);
            System.out.printf("%d %d %.1f %.1f %.1f%n", second, micros.size(), at(micros, 0.5) / 1e3,
                    at(micros, 0.99) / 1e3, micros.get(micros.size() - 1) / 1e3);
        });
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) (quantile * sorted.size())));
    }

    private static List<Arrival> read(Path file) throws Exception {
        List<Arrival> arrivals = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int payload = line.indexOf("\"payload\":");
            Matcher origin = ORIGIN.matcher(line);
            Matcher enqueued = ENQUEUED.matcher(line);
            if (payload < 0 || !origin.find() || !enqueued.find()) {
                continue;
            }
            Matcher number = NUMBER.matcher(line).region(payload, line.length());
            Matcher sentAt = SENT_AT.matcher(line).region(payload, line.length());
            if (number.find() && sentAt.find()) {
                arrivals.add(new Arrival(origin.group(1) + "#" + number.group(1), Long.parseLong(sentAt.group(1)),
                        TimedBodies.epochMicros(Instant.parse(enqueued.group(1)))));
            }
        }
        return arrivals;
    }

    private static double seconds(long fromMicros, long toMicros) {
        return (toMicros - fromMicros) / 1e6;
    }
}
