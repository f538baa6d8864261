package io.strata.twin.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.node.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps each twin's JSON document in a file of its own in the store's directory, across restarts, so that a
 * patch rewrites one small file. Files and directory are for the owner only: desired properties
 * may carry settings that are nobody else's business.
 */
final class TwinStore {

    private static final String SUFFIX = ".json";

    private final Path directory;

    TwinStore(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    /** The stored twin's document ({@link TwinJson#document}); empty before its first save. */
    Optional<String> load(IdentityId identity) {
        Path file = fileOf(identity);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the twin of " + identity + " from " + file, e);
        }
    }

    /** The identities that have a stored twin, read back from the names {@link #fileOf} gives. */
    List<IdentityId> identities() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            // the suffix leaves out the temporary files of a save in progress
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(SUFFIX))
                    .map(this::identityOf).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the twins in " + directory, e);
        }
    }

    /**
     * Replaces the twin's file in one atomic move, from a temporary file forced to disk first, so a
     * crash leaves the old or the new twin and never a mix.
     */
    void save(IdentityId identity, String document) {
        Path file = fileOf(identity);
        try {
            writeAtomically(file, document);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the twin of " + identity + " to " + file, e);
        }
    }

    /**
     * The file of a twin: its id with every character but letters, digits, '-' and '_' written as
     * %XX, which keeps '/' of module ids and ids such as '..' from naming other paths.
     */
    Path fileOf(IdentityId identity) {
        StringBuilder name = new StringBuilder();
        for (char c : identity.toString().toCharArray()) {
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
                name.append(c);
            } else {
                name.append('%').append(String.format("%02X", (int) c));
            }
        }
        return directory.resolve(name.append(SUFFIX).toString());
    }

    private IdentityId identityOf(String fileName) {
        try {
            return IdentityId.parse(decode(fileName.substring(0, fileName.length() - SUFFIX.length())));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The twin store " + directory + " holds " + fileName
                    + ", which names no twin: " + e.getMessage(), e);
        }
    }

    private static String decode(String name) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' && i + 2 < name.length()) {
                id.append((char) Integer.parseInt(name.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                id.append(c);
            }
        }
        return id.toString();
    }

    private void writeAtomically(Path file, String content) throws IOException {
        PrivateFiles.createPrivateDirectory(directory);
        PrivateFiles.writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
    }
}
