package io.strata.support.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The JVM's memory and threads, as {@code jcmd} would show them, from the platform MXBeans. */
final class JvmState {

    private static final Pattern SYSTEM_PROPERTY = Pattern.compile("-D([^=]+)=(.*)");

    private JvmState() {
    }

    /** Heap and non-heap use, each memory pool, the collectors, and the threads counted by state. */
    static Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("uptime", Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()));
        summary.put("inputArguments", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .map(JvmState::withoutSecret).toList());
        summary.put("heap", usage(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage()));
        summary.put("nonHeap", usage(ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage()));
        Map<String, Object> pools = new LinkedHashMap<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pools.put(pool.getName(), usage(pool.getUsage()));
        }
        summary.put("pools", pools);
        Map<String, Object> collectors = new LinkedHashMap<>();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            collectors.put(collector.getName(), Map.of("collections", collector.getCollectionCount(),
                    "timeMillis", collector.getCollectionTime()));
        }
        summary.put("collectors", collectors);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Object> threadCounts = new LinkedHashMap<>();
        threadCounts.put("live", threads.getThreadCount());
        threadCounts.put("daemon", threads.getDaemonThreadCount());
        threadCounts.put("peak", threads.getPeakThreadCount());
        threadCounts.put("started", threads.getTotalStartedThreadCount());
        threadCounts.put("byState", Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(info -> info != null) // ended meanwhile
                .collect(Collectors.groupingBy(info -> info.getThreadState().name(), TreeMap::new,
                        Collectors.counting())));
        summary.put("threads", threadCounts);
        return summary;
    }

    /** Every thread with its whole stack and the locks it holds or waits for. */
    static String threadDump() {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append('"').append(thread.getThreadName()).append("\" #").append(thread.getThreadId())
                    .append(thread.isDaemon() ? " daemon " : " ").append(thread.getThreadState());
            if (thread.getLockName() != null) {
                dump.append(" on ").append(thread.getLockName());
            }
            if (thread.getLockOwnerName() != null) {
                dump.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
            }
            dump.append('\n');
            for (StackTraceElement frame : thread.getStackTrace()) {
                dump.append("\tat ").append(frame).append('\n');
            }
            dump.append('\n');
        }
        return dump.toString();
    }

    /** {@code -Dsome.password=...} loses its value, as a secret key of a settings file does. */
    private static String withoutSecret(String argument) {
        Matcher property = SYSTEM_PROPERTY.matcher(argument);
        return property.matches() && SettingsRedactor.isSecretName(property.group(1))
                ? "-D" + property.group(1) + "=" + SettingsRedactor.REMOVED : argument;
    }

    private static Map<String, Long> usage(MemoryUsage usage) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        bytes.put("used", usage.getUsed());
        bytes.put("committed", usage.getCommitted());
        bytes.put("max", usage.getMax());
        return bytes;
    }
}
