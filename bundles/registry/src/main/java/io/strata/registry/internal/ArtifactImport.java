package io.strata.registry.internal;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Loads artifacts into the store with no remote at all, for air-gapped sites: from a KAR (a zip whose
 * {@code repository/} folder is in Maven layout) or from a Maven-layout folder. A file that comes
 * without its {@code .sha1} gets one, so that resolvers below can check what they receive; one whose
 * {@code .sha1} does not match is left out.
 */
final class ArtifactImport {

    private static final String KAR_REPOSITORY = "repository/";

    /** What an import loaded. */
    /**
     * @param refused the artifacts left out, each with why
     */
    record Result(int files, long bytes, List<String> refused) {
    }

    private final ArtifactStore store;
    private final Map<String, String> sha1s = new LinkedHashMap<>();
    private final Set<String> checksums = new HashSet<>();
    private final List<String> refused = new ArrayList<>();
    private int files;
    private long bytes;

    private ArtifactImport(ArtifactStore store) {
        this.store = store;
    }

    /**
     * @param source a KAR (or any zip with a {@code repository/} folder) or a Maven-layout folder
     * @throws IOException when the source cannot be read or holds no artifact
     */
    static Result load(ArtifactStore store, Path source) throws IOException {
        ArtifactImport load = new ArtifactImport(store);
        if (Files.isDirectory(source)) {
            load.folder(source);
        } else if (Files.isRegularFile(source)) {
            load.kar(source);
        } else {
            throw new IOException(source + " is neither a KAR nor a folder");
        }
        if (load.files == 0) {
            throw new IOException(source + " holds no artifact in Maven layout"
                    + (Files.isDirectory(source) ? "" : " (a KAR keeps them under repository/)"));
        }
        load.checkOrWriteChecksums();
        return new Result(load.files, load.bytes, List.copyOf(load.refused));
    }

    private void folder(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                Optional<String> path = RepositoryPaths.of("/" + relative, "/");
                if (path.isPresent() && isArtifactFile(path.get())) {
                    try (InputStream content = Files.newInputStream(file)) {
                        add(path.get(), content);
                    }
                }
            }
        }
    }

    private void kar(Path kar) throws IOException {
        try (ZipFile zip = new ZipFile(kar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().startsWith(KAR_REPOSITORY)) {
                    continue;
                }
                Optional<String> path = RepositoryPaths.of("/" + entry.getName(), "/" + KAR_REPOSITORY);
                if (path.isPresent() && isArtifactFile(path.get())) {
                    try (InputStream content = zip.getInputStream(entry)) {
                        add(path.get(), content);
                    }
                }
            }
        }
    }

    private void add(String path, InputStream content) throws IOException {
        Digests digests = new Digests();
        store.put(path, new DigestingStream(content, digests));
        files++;
        bytes += digests.length();
        if (path.endsWith(".sha1")) {
            checksums.add(path);
        } else if (!RemoteFetch.isChecksum(path)) {
            sha1s.put(path, digests.sha1());
        }
    }

    /**
     * Gives each artifact its {@code .sha1}: the one that came with it must match (a copy damaged on its
     * way to the site is taken out again, with its checksum), else one is written.
     */
    private void checkOrWriteChecksums() throws IOException {
        for (Map.Entry<String, String> artifact : sha1s.entrySet()) {
            String path = artifact.getKey();
            String checksum = path + ".sha1";
            if (!checksums.contains(checksum)) {
                store.put(checksum, new ByteArrayInputStream((artifact.getValue() + "\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                continue;
            }
            String expected = Files.readString(store.repository().resolve(checksum), StandardCharsets.US_ASCII)
                    .trim().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (!expected.equals(artifact.getValue())) {
                store.remove(path);
                store.remove(checksum);
                files -= 2;
                refused.add(path + ": its .sha1 says " + expected + ", the content hashes to " + artifact.getValue());
            }
        }
    }

    /** What a local Maven repository keeps for its own book-keeping is no artifact. */
    private static boolean isArtifactFile(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return !name.equals("_remote.repositories") && !name.endsWith(".lastUpdated")
                && !name.equals("resolver-status.properties") && !name.startsWith("maven-metadata-local");
    }

    /** Feeds the digests with what passes through. */
    private static final class DigestingStream extends FilterInputStream {
        private final Digests digests;

        DigestingStream(InputStream in, Digests digests) {
            super(in);
            this.digests = digests;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                digests.update(buffer, offset, read);
            }
            return read;
        }
    }
}
