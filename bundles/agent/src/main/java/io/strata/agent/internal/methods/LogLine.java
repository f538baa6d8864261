package io.strata.agent.internal.methods;

import java.time.Instant;
import java.util.Locale;

/**
 * One entry of the node's log: a line of {@code karaf.log} with the lines that follow it and carry
 * no header of their own (a stack trace).
 *
 * @param timestamp when it was logged
 * @param level     the log4j level name ({@code ERROR}, {@code WARN}, ...)
 * @param bundle    the symbolic name of the bundle that logged it; empty when no bundle did
 * @param logger    the logger's short name
 * @param text      the message, and the continuation lines after a line break
 * @param line      the entry as it stands in the file
 */
public record LogLine(Instant timestamp, String level, String bundle, String logger, String text, String line) {

    /**
     * The level as a syslog severity, the scale IoT Edge's {@code loglevel} filter uses: FATAL 2,
     * ERROR 3, WARN 4, INFO 6, DEBUG and TRACE 7.
     */
    public int syslogLevel() {
        return syslogLevel(level);
    }

    /** @throws IllegalArgumentException for a name that is no log4j level */
    static int syslogLevel(String levelName) {
        return switch (levelName.toUpperCase(Locale.ROOT)) {
            case "FATAL" -> 2;
            case "ERROR" -> 3;
            case "WARN" -> 4;
            case "INFO" -> 6;
            case "DEBUG", "TRACE" -> 7;
            default -> throw new IllegalArgumentException("'" + levelName
                    + "' is no log level: use FATAL, ERROR, WARN, INFO, DEBUG or TRACE, or a syslog severity 0-7");
        };
    }
}
