package io.strata.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cached repository on disk, in Maven layout under {@code repository/}, bounded in size: when a new
 * file takes it over the bound, the least recently used files leave. A file is only ever there whole:
 * it is written to {@code tmp/}, forced to disk, and renamed into place; its folder is forced after.
 * The order of use outlives a restart as the files' modification times, which a hit refreshes.
 */
final class ArtifactStore {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactStore.class);

    private final Path repository;
    private final Path tmp;
    private final long maxBytes;
    /** Relative path to size, least recently used first. */
    private final LinkedHashMap<String, Long> files = new LinkedHashMap<>(16, 0.75f, true);
    private long totalBytes;

    ArtifactStore(Path directory, long maxBytes) throws IOException {
        this.repository = Files.createDirectories(directory.resolve("repository"));
        this.tmp = Files.createDirectories(directory.resolve("tmp"));
        this.maxBytes = maxBytes;
        clearTemporaryFiles();
        index();
    }

    /** A file not yet in the repository, to be filled and then {@link #commit committed}. */
    Path newTemporaryFile() throws IOException {
        return Files.createTempFile(tmp, "artifact", ".part");
    }

    /** The file of {@code path} when it is cached, now counted as used. */
    synchronized Optional<Path> lookUp(String path) {
        if (files.get(path) == null) {
            return Optional.empty();
        }
        Path file = repository.resolve(path);
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (NoSuchFileException gone) {
            forget(path);
            return Optional.empty();
        } catch (IOException e) {
            LOG.debug("Could not mark {} as used", file, e);
        }
        return Optional.of(file);
    }

    /**
     * Moves a complete {@code temporary} file to {@code path}, durably, then evicts the least recently
     * used other files while the repository is over its bound.
     */
    void commit(Path temporary, String path) throws IOException {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Path target = repository.resolve(path);
        Path folder = Files.createDirectories(target.getParent());
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        force(folder);
        long size = Files.size(target);
        synchronized (this) {
            Long previous = files.put(path, size);
            totalBytes += size - (previous == null ? 0 : previous);
            evictBeyondBound(path);
        }
    }

    /** Copies {@code content} to {@code path} as {@link #commit} does. */
    void put(String path, InputStream content) throws IOException {
        Path temporary = newTemporaryFile();
        try {
            Files.copy(content, temporary, StandardCopyOption.REPLACE_EXISTING);
            commit(temporary, path);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Deletes the file of {@code path}, if it is there. */
    synchronized void remove(String path) throws IOException {
        Files.deleteIfExists(repository.resolve(path));
        forget(path);
    }

    /** The cached files and their sizes, by path. */
    synchronized Map<String, Long> files() {
        return new TreeMap<>(files);
    }

    synchronized long totalBytes() {
        return totalBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    Path repository() {
        return repository;
    }

    private void evictBeyondBound(String keep) {
        Iterator<Map.Entry<String, Long>> eldest = files.entrySet().iterator();
        while (totalBytes > maxBytes && eldest.hasNext()) {
            Map.Entry<String, Long> entry = eldest.next();
            if (entry.getKey().equals(keep)) {
                continue;
            }
            try {
                Files.deleteIfExists(repository.resolve(entry.getKey()));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not evict " + entry.getKey(), e);
            }
            totalBytes -= entry.getValue();
            eldest.remove();
            LOG.debug("Evicted {} ({} bytes) from the registry cache", entry.getKey(), entry.getValue());
        }
    }

    private void forget(String path) {
        Long size = files.remove(path);
        if (size != null) {
            totalBytes -= size;
        }
    }

    private void index() throws IOException {
        record Found(String path, long size, FileTime used) {
        }
        List<Found> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(repository)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                found.add(new Found(relative(file), Files.size(file), Files.getLastModifiedTime(file)));
            }
        }
        found.sort(Comparator.comparing(Found::used));
        for (Found file : found) {
            files.put(file.path(), file.size());
            totalBytes += file.size();
        }
        evictBeyondBound(null);
    }

    private String relative(Path file) {
        return repository.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** A write cut short by a crash leaves its temporary file behind; nothing refers to it. */
    private void clearTemporaryFiles() throws IOException {
        try (Stream<Path> left = Files.list(tmp)) {
            for (Path file : (Iterable<Path>) left::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void force(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
