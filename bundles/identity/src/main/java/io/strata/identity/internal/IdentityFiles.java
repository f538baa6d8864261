package io.strata.identity.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;

/** Reads identity documents as YAML or JSON, and writes them as JSON that only the owner can read. */
final class IdentityFiles {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private IdentityFiles() {
    }

    /**
     * Reads a document, as YAML when the name ends in {@code .yaml} or {@code .yml}, as JSON
     * otherwise. An empty file is an empty document.
     *
     * @throws IllegalArgumentException describing what is wrong with the content, and where
     */
    static IdentityDocument read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
        try {
            IdentityDocument document = mapper.readValue(Files.readAllBytes(file), IdentityDocument.class);
            return document == null ? new IdentityDocument(null) : document;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    /**
     * Replaces the file with the document in one atomic move, from a temporary file forced to disk
     * first, so a crash leaves the old or the new content and never a mix. File and directory are
     * readable by the owner only, as they hold keys.
     */
    static void writeAtomically(Path file, IdentityDocument document) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
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
                channel.write(ByteBuffer.wrap(JSON.writeValueAsBytes(document)));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The problem in words for an operator: no class names, on one line, with where it is. */
    private static String describe(JsonProcessingException e) {
        String problem = e instanceof UnrecognizedPropertyException unknown
                ? "unknown key '" + unknown.getPropertyName() + "', expected one of " + unknown.getKnownPropertyIds()
                : e.getOriginalMessage().replaceAll("\\s+", " ").trim();
        JsonLocation where = e.getLocation();
        return where == null ? problem : problem + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }
}
