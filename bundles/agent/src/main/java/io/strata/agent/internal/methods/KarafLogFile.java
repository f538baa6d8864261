package io.strata.agent.internal.methods;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code karaf.log} as the shipped {@code etc/org.ops4j.pax.logging.cfg} writes it:
 * {@code time | level | thread | logger | bundle.id - bundle.name - bundle.version | message}. The
 * bundle columns are pax-logging's, filled for every event with the bundle whose code logged it, so
 * a module's lines are told by its bundles' symbolic names, not by what the message says. Lines that
 * do not start with a header (stack traces) belong to the entry before them. The files log4j2 rolled
 * the log over to ({@code karaf.log.N}, as the shipped configuration names them) are read only as far
 * as a reader needs them.
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

    /**
     * What a reader still needs once it has the entries of the newest files: {@code read} are the entries
     * so far, oldest first, and {@code readFrom} the time of the oldest entry read (of any bundle), null
     * when nothing was read yet.
     */
    interface Enough {
        boolean test(List<LogLine> read, Instant readFrom);
    }

    /**
     * The entries logged by these bundles, oldest first, from {@code karaf.log} and then, newest first,
     * from the files log4j2 rolled it over to ({@code karaf.log.1}, ...), until {@code enough} says so
     * or none is left; none when there is no log yet.
     */
    List<LogLine> read(Set<String> bundles, Enough enough) throws IOException {
        List<LogLine> lines = new ArrayList<>();
        Instant readFrom = null;
        for (Path each : files()) {
            List<LogLine> older = new ArrayList<>();
            Instant oldest = readFile(each, bundles, older);
            lines.addAll(0, older);
            readFrom = oldest == null ? readFrom : oldest;
            if (enough.test(lines, readFrom)) {
                break;
            }
        }
        return lines;
    }

    /** Every entry of these bundles in every file. */
    List<LogLine> read(Set<String> bundles) throws IOException {
        return read(bundles, (lines, readFrom) -> false);
    }

    /** {@code karaf.log}, then its rolled-over files by age, newest first (log4j2's index order is configurable). */
    private List<Path> files() throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        String rolled = file.getFileName() + ".";
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            files.add(file);
        }
        if (Files.isDirectory(folder)) {
            try (Stream<Path> listed = Files.list(folder)) {
                listed.filter(each -> each.getFileName().toString().startsWith(rolled)
                                && each.getFileName().toString().substring(rolled.length()).matches("\\d+"))
                        .map(each -> Map.entry(each, lastModified(each)))
                        .sorted(Map.Entry.<Path, FileTime>comparingByValue().reversed())
                        .forEach(each -> files.add(each.getKey()));
            }
        }
        return files;
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0); // rolled away meanwhile: read last, if at all
        }
    }

    /** Adds the entries of these bundles in {@code each} to {@code lines}; answers the time of its first entry. */
    private Instant readFile(Path each, Set<String> bundles, List<LogLine> lines) throws IOException {
        Instant first = null;
        // a reader that replaces bytes that are not UTF-8 rather than failing on them
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(each),
                StandardCharsets.UTF_8))) {
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
                Instant timestamp = time.atZone(zone).toInstant();
                first = first == null ? timestamp : first;
                add(lines, entry);
                entry = bundles.contains(header.group(4)) ? new Entry(timestamp, header.group(2), header.group(4),
                        header.group(3), header.group(5), line) : null;
            }
            add(lines, entry);
        } catch (NoSuchFileException e) {
            return null; // rolled over between listing and reading
        }
        return first;
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
