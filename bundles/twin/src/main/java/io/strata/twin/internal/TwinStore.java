package io.strata.twin.internal;

import io.strata.api.identity.IdentityId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Keeps each twin in a JSON file of its own in the store's directory, across restarts, so that a
 * patch rewrites one small file. Files and directory are for the owner only: desired properties
 * may carry settings that are nobody else's business.
 */
final class TwinStore {

    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path directory;

    TwinStore(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    /** The stored twin; an empty one before its first save. */
    TwinState load(IdentityId identity) {
        Path file = fileOf(identity);
        if (!Files.exists(file)) {
            return TwinState.EMPTY;
        }
        try {
            return TwinJson.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the twin of " + identity + " from " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The stored twin " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the twin's file in one atomic move, from a temporary file forced to disk first, so a
     * crash leaves the old or the new twin and never a mix.
     */
    void save(IdentityId identity, TwinState twin) {
        Path file = fileOf(identity);
        try {
            writeAtomically(file, TwinJson.document(twin, true));
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
        return directory.resolve(name.append(".json").toString());
    }

    private void writeAtomically(Path file, String content) throws IOException {
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        Files.createDirectories(directory);
        if (posix) {
            Files.setPosixFilePermissions(directory, OWNER_DIRECTORY);
        }
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp", ownerOnly);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
