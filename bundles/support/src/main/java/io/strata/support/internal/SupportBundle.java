package io.strata.support.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The zip a plant engineer sends to support: {@code settings/} (the node's {@code etc/} files of
 * Strata and of Karaf's Maven resolver, secrets removed), one JSON file per section of the node's
 * state ({@code checks.json}, {@code topology.json}, ...), and {@code logs/}. Every text in it is
 * scrubbed of the secrets the settings held.
 *
 * <p>It is written to a temporary file next to the target and renamed, so the target is either the
 * whole bundle or untouched.
 */
final class SupportBundle {

    private static final String PAX_URL_MVN = "org.ops4j.pax.url.mvn";

    private final Path etc;
    private final NodeLogs logs;
    private final PasswordKeys passwordKeys;
    private final Map<String, Supplier<String>> sections;

    /**
     * @param sections each entry's name (e.g. {@code checks.json}) and what it holds, in order; a
     *                 section computes its text when the bundle is written
     */
    SupportBundle(Path etc, Path logFolder, ZoneId zone, PasswordKeys passwordKeys,
            Map<String, Supplier<String>> sections) {
        this.etc = etc;
        this.logs = new NodeLogs(logFolder, zone);
        this.passwordKeys = passwordKeys;
        this.sections = new LinkedHashMap<>(sections);
    }

    /**
     * @param since only the log lines from then on; null for the whole logs
     * @param until only the log lines before then; null for the whole logs
     * @throws IOException naming {@code target} when it cannot be written
     */
    void write(Path target, Instant since, Instant until) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        if (Files.isDirectory(target)) {
            throw new IOException(target + " is a folder: give the zip's file name, e.g. "
                    + target.resolve("support.zip"));
        }
        if (!Files.isDirectory(folder)) {
            throw new IOException("cannot write " + target + ": the folder " + folder + " does not exist");
        }
        Path temporary;
        try {
            temporary = Files.createTempFile(folder, "." + target.getFileName(), ".part");
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write " + target + ": no permission to write in " + folder, e);
        }
        try {
            try (OutputStream file = Files.newOutputStream(temporary);
                    ZipOutputStream zip = new ZipOutputStream(file, StandardCharsets.UTF_8)) {
                writeEntries(zip, since, until);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write " + target + ": permission denied", e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void writeEntries(ZipOutputStream zip, Instant since, Instant until) throws IOException {
        // the settings first: they teach the redactor the secrets to scrub from everything after them
        SettingsRedactor redactor = new SettingsRedactor(passwordKeys);
        for (Path file : settingsFiles()) {
            String name = file.getFileName().toString();
            // bytes that are not UTF-8 are replaced, not a failure of the whole bundle
            String text = redactor.redact(pid(name), new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            writeText(zip, "settings/" + name, text);
        }
        for (Map.Entry<String, Supplier<String>> section : sections.entrySet()) {
            writeText(zip, section.getKey(), redactor.scrub(section.getValue().get()));
        }
        for (Path file : logs.files(since)) {
            zip.putNextEntry(new ZipEntry("logs/" + file.getFileName()));
            Writer writer = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8));
            try {
                logs.copy(file, since, until, line -> {
                    try {
                        writer.write(redactor.scrub(line));
                        writer.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            writer.flush(); // not closed: that would close the zip
            zip.closeEntry();
        }
    }

    /** {@code etc/io.strata.*.cfg} and the Maven resolver's settings. */
    private List<Path> settingsFiles() throws IOException {
        if (!Files.isDirectory(etc)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(etc)) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                return name.endsWith(".cfg") && (name.startsWith("io.strata.") || name.equals(PAX_URL_MVN + ".cfg"));
            }).sorted().toList();
        }
    }

    /**
     * {@code io.strata.node.cfg} holds {@code io.strata.node}; {@code io.strata.x-name.cfg} a factory
     * configuration of {@code io.strata.x}.
     */
    private static String pid(String fileName) {
        String pid = fileName.substring(0, fileName.length() - ".cfg".length());
        int dash = pid.indexOf('-');
        return dash < 0 ? pid : pid.substring(0, dash);
    }

    private static void writeText(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
