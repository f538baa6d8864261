package io.strata.registry.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Fetches one file from one remote into the store: a file other than a checksum is kept only when the
 * {@code .sha1} (or else {@code .sha256}) the remote serves for it matches what arrived, and then that
 * checksum file is kept too.
 */
final class RemoteFetch {

    /** What asking a remote for a file came to. */
    sealed interface Outcome {
    }

    record Stored() implements Outcome {
    }

    record NotThere() implements Outcome {
    }

    record Failed(String reason) implements Outcome {
    }

    private static final String[] CHECKSUMS = {"sha1", "sha256"};

    private final ArtifactStore store;

    RemoteFetch(ArtifactStore store) {
        this.store = store;
    }

    static boolean isChecksum(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".sha1") || lower.endsWith(".sha256") || lower.endsWith(".sha512")
                || lower.endsWith(".md5") || lower.endsWith(".asc");
    }

    Outcome fetch(ArtifactSource remote, String path) {
        Path temporary = null;
        try {
            temporary = store.newTemporaryFile();
            try (ArtifactSource.Answer response = remote.get(path)) {
                if (response.status() == 404 || response.status() == 410) {
                    return new NotThere();
                }
                if (response.status() != 200) {
                    return new Failed(remote + " answered " + response.status() + " for " + path);
                }
                Digests digests = copy(response.body(), temporary);
                if (!isChecksum(path)) {
                    Optional<Failed> refused = verify(remote, path, digests, temporary);
                    if (refused.isPresent()) {
                        return refused.get();
                    }
                }
            }
            store.commit(temporary, path);
            return new Stored();
        } catch (IOException e) {
            return new Failed(remote + " could not be read for " + path + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed("interrupted while fetching " + path + " from " + remote);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** Checks the remote's checksum for {@code path} and keeps it, or says why the file is refused. */
    private Optional<Failed> verify(ArtifactSource remote, String path, Digests digests, Path file)
            throws IOException, InterruptedException {
        for (String algorithm : CHECKSUMS) {
            String checksum;
            try (ArtifactSource.Answer response = remote.get(path + "." + algorithm)) {
                if (response.status() == 404 || response.status() == 410) {
                    continue;
                }
                if (response.status() != 200) {
                    return Optional.of(new Failed(remote + " answered " + response.status() + " for "
                            + path + "." + algorithm));
                }
                // a checksum file is one line; more than that is not a checksum
                checksum = new String(response.body().readNBytes(1024), StandardCharsets.US_ASCII);
            }
            String expected = checksum.trim().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            // SHA-1 was taken as the file streamed in; the rarer SHA-256 is taken from disk
            String actual = algorithm.equals("sha1") ? digests.sha1() : Digests.sha256(file);
            if (!expected.equals(actual)) {
                return Optional.of(new Failed("checksum mismatch for " + path + " from " + remote + ": its ."
                        + algorithm + " says " + expected + ", the content hashes to " + actual
                        + "; nothing was cached"));
            }
            store.put(path + "." + algorithm, new ByteArrayInputStream((actual + "\n").getBytes(StandardCharsets.US_ASCII)));
            return Optional.empty();
        }
        return Optional.of(new Failed(remote + " serves neither " + path + ".sha1 nor .sha256 to check it "
                + "against; nothing was cached"));
    }

    private static Digests copy(InputStream body, Path file) throws IOException {
        Digests digests = new Digests();
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = body.read(buffer)) >= 0;) {
                digests.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
        }
        return digests;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // tmp/ is cleared at the next start
            }
        }
    }
}
