package io.strata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import one.profiler.AsyncProfilerLoader;

/**
 * async-profiler (through ap-loader) attached to the broker's process for exactly one measured phase: CPU samples
 * every millisecond, written as collapsed stacks when the phase ends. The warm-up stays out of the profile, and so
 * does what the broker does between phases.
 */
final class NodeProfile {

    private final Path directory;
    private final String pid;

    private NodeProfile(Path directory, String pid) {
        this.directory = directory;
        this.pid = pid;
    }

    /** Starts profiling the process; the profile goes into the directory. */
    static NodeProfile start(Path directory, String pid) {
        profiler("start", "-e", "cpu", "-i", "1ms", pid);
        return new NodeProfile(directory, pid);
    }

    /** Stops profiling and writes {@code <name>.collapsed}. */
    void stop(String name) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the profile directory " + directory + ": " + e, e);
        }
        profiler("stop", "-o", "collapsed", "-f", directory.resolve(name + ".collapsed").toString(), pid);
    }

    private static void profiler(String... arguments) {
        try {
            AsyncProfilerLoader.executeProfiler(arguments);
        } catch (IOException e) {
            throw new IllegalStateException("async-profiler " + String.join(" ", arguments) + " failed: "
                    + e.getMessage(), e);
        }
    }
}
