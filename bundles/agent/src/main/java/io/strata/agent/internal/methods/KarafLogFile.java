package io.strata.agent.internal.methods;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code karaf.log} as the shipped {@code etc/org.ops4j.pax.logging.cfg} writes it:
 * {@code time | level | thread | logger | bundle.id - bundle.name - bundle.version | message}. The
 * bundle columns are pax-logging's, filled for every event with the bundle whose code logged it, so
 * a module's lines are told by its bundles' symbolic names, not by what the message says. Lines that
 * do not start with a header (stack traces) belong to the entry before them.
 */
final class KarafLogFile {

    private static final Pattern HEADER = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2},\\d{3}) \\| (\\w+)\\s* \\| .*? \\| (\\S*)\\s* \\| "
                    + "\\d* - (\\S*) - \\S* \\| (.*)");
    // log4j2's %d{ISO8601}, in the JVM's time zone
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS");

    private final Path file;
    private final ZoneId zone;

    KarafLogFile(Path file, ZoneId zone) {
        this.file = file;
        this.zone = zone;
    }

    /** The node's own log: {@code karaf.log} in {@code ${karaf.log}}, or in {@code ${karaf.data}/log}. */
    static KarafLogFile ofThisNode() {
        String directory = System.getProperty("karaf.log",
                Path.of(System.getProperty("karaf.data", "data"), "log").toString());
        return new KarafLogFile(Path.of(directory, "karaf.log"), ZoneId.systemDefault());
    }

    Path file() {
        return file;
    }

    /** The entries logged by these bundles, oldest first; none when the file does not exist yet. */
    List<LogLine> read(Set<String> bundles) throws IOException {
        List<LogLine> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Entry entry = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Matcher header = HEADER.matcher(line);
                LocalDateTime time = header.matches() ? time(header.group(1)) : null;
                if (time == null) {
                    if (entry != null) {
                        entry.continuation(line);
                    }
                    continue;
                }
                add(lines, entry);
                entry = bundles.contains(header.group(4)) ? new Entry(
                        time.atZone(zone).toInstant(), header.group(2), header.group(4), header.group(3),
                        header.group(5), line) : null;
            }
            add(lines, entry);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return lines;
    }

    private static LocalDateTime time(String text) {
        try {
            return LocalDateTime.parse(text, TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void add(List<LogLine> lines, Entry entry) {
        if (entry != null) {
            lines.add(entry.toLogLine());
        }
    }

    /** An entry while its continuation lines are read. */
    private static final class Entry {
        private final Instant timestamp;
        private final String level;
        private final String bundle;
        private final String logger;
        private final StringBuilder text;
        private final StringBuilder line;

        Entry(Instant timestamp, String level, String bundle, String logger, String text, String line) {
            this.timestamp = timestamp;
            this.level = level;
            this.bundle = bundle;
            this.logger = logger;
            this.text = new StringBuilder(text);
            this.line = new StringBuilder(line);
        }

        void continuation(String next) {
            text.append('\n').append(next);
            line.append('\n').append(next);
        }

        LogLine toLogLine() {
            return new LogLine(timestamp, level, bundle, logger, text.toString(), line.toString());
        }
    }
}
