package io.strata.site.internal;

import io.strata.api.node.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * One node's config bundle: a {@code .tar.gz} whose entries all sit in a folder named after the node and
 * carry their permissions (owner-only, as {@code tar} restores them), so that unpacking it next to other
 * files overwrites nothing of the installation.
 */
final class BundleArchive {

    static final int OWNER_ONLY = 0600;
    static final int OWNER_ONLY_EXECUTABLE = 0700;

    private final String folder;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private record Entry(byte[] content, int mode) {
    }

    BundleArchive(String folder) {
        this.folder = folder;
    }

    /** Adds a file at {@code path} inside the node's folder, e.g. {@code etc/io.strata.node.cfg}. */
    BundleArchive add(String path, byte[] content, int mode) {
        entries.put(path, new Entry(content.clone(), mode));
        return this;
    }

    /** Writes the archive to {@code file}: owner-only, complete or not at all. */
    void write(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            Set<String> folders = new HashSet<>();
            for (Map.Entry<String, Entry> entry : entries.entrySet()) {
                String path = folder + "/" + entry.getKey();
                for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                    String parent = path.substring(0, slash + 1);
                    if (folders.add(parent)) {
                        TarArchiveEntry directory = new TarArchiveEntry(parent);
                        directory.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0077);
                        tar.putArchiveEntry(directory);
                        tar.closeArchiveEntry();
                    }
                }
                TarArchiveEntry regular = new TarArchiveEntry(path);
                regular.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | entry.getValue().mode());
                regular.setSize(entry.getValue().content().length);
                tar.putArchiveEntry(regular);
                tar.write(entry.getValue().content());
                tar.closeArchiveEntry();
            }
        }
        PrivateFiles.writeAtomically(file, bytes.toByteArray());
    }
}
