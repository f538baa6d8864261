package io.strata.registry.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Loads artifacts into the store with no remote at all, for air-gapped sites: from a KAR (a zip whose
 * {@code repository/} folder is in Maven layout) or from a Maven-layout folder. A file that comes
 * without its {@code .sha1} gets one, so that resolvers below can check what they receive.
 */
final class ArtifactImport {

    private static final String KAR_REPOSITORY = "repository/";

    /** What an import loaded. */
    record Result(int files, long bytes) {
    }

    private final ArtifactStore store;
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
        return new Result(load.files, load.bytes);
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
        RemoteFetch.Digests digests = new RemoteFetch.Digests();
        store.put(path, new DigestingStream(content, digests));
        files++;
        bytes += digests.length();
        if (!RemoteFetch.isChecksum(path) && !store.contains(path + ".sha1")) {
            store.put(path + ".sha1", new ByteArrayInputStream((digests.hex("sha1") + "\n")
                    .getBytes(StandardCharsets.US_ASCII)));
        }
    }

    /** What a local Maven repository keeps for its own book-keeping is no artifact. */
    private static boolean isArtifactFile(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return !name.equals("_remote.repositories") && !name.endsWith(".lastUpdated")
                && !name.equals("resolver-status.properties") && !name.startsWith("maven-metadata-local");
    }

    /** Feeds the digests with what passes through. */
    private static final class DigestingStream extends java.io.FilterInputStream {
        private final RemoteFetch.Digests digests;

        DigestingStream(InputStream in, RemoteFetch.Digests digests) {
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
