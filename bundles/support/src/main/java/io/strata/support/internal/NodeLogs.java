package io.strata.support.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The node's log files ({@code karaf.log} and its rolled-over {@code karaf.log.N}) and the lines of
 * them written since a given time. A line starts with the time Karaf's pattern writes
 * ({@code %d{ISO8601}}, the node's time zone); lines without one (a stack trace) go with the line
 * before them.
 */
final class NodeLogs {

    private static final String LOG_FILE = "karaf.log";
    private static final DateTimeFormatter LINE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS");
    private static final int LINE_TIME_LENGTH = 23;

    private final Path folder;
    private final ZoneId zone;

    NodeLogs(Path folder, ZoneId zone) {
        this.folder = folder;
        this.zone = zone;
    }

    /**
     * The log files written to at or after {@code since} (all when it is null), {@code karaf.log}
     * first; none when the folder does not exist.
     */
    List<Path> files(Instant since) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listed = Files.list(folder)) {
            for (Path file : listed.sorted().toList()) {
                if (file.getFileName().toString().startsWith(LOG_FILE) && Files.isRegularFile(file)
                        && (since == null || !Files.getLastModifiedTime(file).toInstant().isBefore(since))) {
                    files.add(file);
                }
            }
        }
        return files;
    }

    /**
     * Hands each line of {@code file} written at or after {@code since} and before {@code until} to
     * {@code lines}; either bound may be null (none).
     */
    void copy(Path file, Instant since, Instant until, Consumer<String> lines) throws IOException {
        boolean keep = since == null;
        // a reader that replaces bytes that are not UTF-8, rather than failing on them as Files.newBufferedReader does
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Instant time = timeOf(line);
                if (time != null) {
                    keep = (since == null || !time.isBefore(since)) && (until == null || time.isBefore(until));
                }
                if (keep) {
                    lines.accept(line);
                }
            }
        }
    }

    private Instant timeOf(String line) {
        if (line.length() < LINE_TIME_LENGTH || !Character.isDigit(line.charAt(0))) {
            return null;
        }
        try {
            return LocalDateTime.parse(line.substring(0, LINE_TIME_LENGTH), LINE_TIME).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null; // a line that merely starts with a digit
        }
    }
}
