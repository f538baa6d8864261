package io.strata.routing.internal.runtime;

import io.strata.api.message.Message;
import io.strata.api.routing.ReceivedCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The telemetry the router took since the node started, by sender and output, routed or not. */
final class ReceivedCounts {

    private static final String NONE = "";

    // device -> module (NONE for a device) -> output (NONE): three look-ups and no key built per message
    private final Map<String, Map<String, Map<String, LongAdder>>> counts = new ConcurrentHashMap<>();

    void count(Message message) {
        counts.computeIfAbsent(message.connectionDeviceId().orElse("(unknown)"), device -> new ConcurrentHashMap<>())
                .computeIfAbsent(message.connectionModuleId().orElse(NONE), module -> new ConcurrentHashMap<>())
                .computeIfAbsent(message.outputName().orElse(NONE), output -> new LongAdder())
                .increment();
    }

    /** By sender ({@code device} or {@code device/module}), then output. */
    List<ReceivedCount> snapshot() {
        List<ReceivedCount> snapshot = new ArrayList<>();
        counts.forEach((device, modules) -> modules.forEach((module, outputs) -> outputs.forEach((output, count) ->
                snapshot.add(new ReceivedCount(module.equals(NONE) ? device : device + "/" + module, output,
                        count.sum())))));
        snapshot.sort(Comparator.comparing(ReceivedCount::id).thenComparing(ReceivedCount::output));
        return snapshot;
    }
}
