package io.strata.metrics.internal;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;

/**
 * The JVM's figures under the Prometheus Java client's JVM metric names, read from
 * {@code java.lang.management} at scrape time. The client's own {@code instrumentation-jvm} bundle
 * imports {@code com.sun.management}, which Karaf's system bundle does not export, so it cannot resolve
 * in the node.
 */
final class JvmGauges {

    private JvmGauges() {
    }

    static void register(PrometheusRegistry registry) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        GaugeWithCallback.builder().name("jvm_memory_used_bytes").help("Used bytes of a given JVM memory area")
                .labelNames("area").callback(callback -> {
                    callback.call(memory.getHeapMemoryUsage().getUsed(), "heap");
                    callback.call(memory.getNonHeapMemoryUsage().getUsed(), "nonheap");
                }).register(registry);
        GaugeWithCallback.builder().name("jvm_memory_committed_bytes")
                .help("Committed bytes of a given JVM memory area").labelNames("area").callback(callback -> {
                    callback.call(memory.getHeapMemoryUsage().getCommitted(), "heap");
                    callback.call(memory.getNonHeapMemoryUsage().getCommitted(), "nonheap");
                }).register(registry);
        GaugeWithCallback.builder().name("jvm_memory_max_bytes")
                .help("Max bytes of a given JVM memory area, -1 when unbounded").labelNames("area").callback(callback -> {
                    callback.call(memory.getHeapMemoryUsage().getMax(), "heap");
                    callback.call(memory.getNonHeapMemoryUsage().getMax(), "nonheap");
                }).register(registry);
        GaugeWithCallback.builder().name("jvm_memory_pool_used_bytes")
                .help("Used bytes of a given JVM memory pool").labelNames("pool").callback(callback -> {
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        MemoryUsage usage = pool.getUsage();
                        if (usage != null) {
                            callback.call(usage.getUsed(), pool.getName());
                        }
                    }
                }).register(registry);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        GaugeWithCallback.builder().name("jvm_threads_current").help("Current thread count of the JVM")
                .callback(callback -> callback.call(threads.getThreadCount())).register(registry);
        GaugeWithCallback.builder().name("jvm_threads_daemon").help("Daemon thread count of the JVM")
                .callback(callback -> callback.call(threads.getDaemonThreadCount())).register(registry);
        GaugeWithCallback.builder().name("jvm_threads_peak").help("Peak thread count of the JVM")
                .callback(callback -> callback.call(threads.getPeakThreadCount())).register(registry);
        GaugeWithCallback.builder().name("jvm_classes_currently_loaded")
                .help("The number of classes that are currently loaded in the JVM")
                .callback(callback -> callback.call(ManagementFactory.getClassLoadingMXBean().getLoadedClassCount()))
                .register(registry);
        CounterWithCallback.builder().name("jvm_gc_collections").help("Collections a garbage collector made")
                .labelNames("gc").callback(callback -> {
                    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                        callback.call(Math.max(0, gc.getCollectionCount()), gc.getName());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("jvm_gc_collection_seconds")
                .help("Time a garbage collector spent in collections").labelNames("gc").callback(callback -> {
                    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                        callback.call(Math.max(0, gc.getCollectionTime()) / 1000.0, gc.getName());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("process_start_time_seconds")
                .help("Start time of the process since unix epoch in seconds")
                .callback(callback -> callback.call(ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0))
                .register(registry);
    }
}
