package io.strata.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time (user + system, all threads) a process used from now on, read from {@code /proc/<pid>/stat}
 * (Linux; in clock ticks of 10 ms, the USER_HZ of every common Linux build): this generator's own
 * ({@code self}), or a broker's given its process id.
 */
final class ProcessCpu {

    private static final long NANOS_PER_TICK = 10_000_000;

    private final Path stat;
    private final long startTicks;

    ProcessCpu(String pid) {
        stat = Path.of("/proc", pid, "stat");
        startTicks = ticks();
    }

    /** The CPU time used since this was created, in microseconds per message. */
    double microsPer(long messages) {
        return messages == 0 ? 0 : (ticks() - startTicks) * NANOS_PER_TICK / 1e3 / messages;
    }

    private long ticks() {
        try {
            // The command name in parentheses may hold spaces: count the fields after it (utime is field 14).
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
