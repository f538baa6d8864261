package io.strata.agent.internal.methods;

import java.time.Instant;

/** Log entries for the tests, as {@link KarafLogFile} reads them. */
final class LogLines {

    private LogLines() {
    }

    static LogLine line(String time, String level, String bundle, String text) {
        return new LogLine(Instant.parse(time), level, bundle, "Logger", text, time + " " + level + " " + text);
    }
}
