package io.strata.registry.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
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

    private final HttpClient client;
    private final Duration requestTimeout;
    private final ArtifactStore store;

    RemoteFetch(HttpClient client, Duration requestTimeout, ArtifactStore store) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.store = store;
    }

    static boolean isChecksum(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".sha1") || lower.endsWith(".sha256") || lower.endsWith(".sha512")
                || lower.endsWith(".md5") || lower.endsWith(".asc");
    }

    Outcome fetch(Remote remote, String path) {
        Path temporary = null;
        try {
            temporary = store.newTemporaryFile();
            HttpResponse<InputStream> response = client.send(request(remote, path),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 404 || response.statusCode() == 410) {
                    return new NotThere();
                }
                if (response.statusCode() != 200) {
                    return new Failed(remote.url() + " answered " + response.statusCode() + " for " + path);
                }
                Digests digests = copy(body, temporary);
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
            return new Failed(remote.url() + " could not be read for " + path + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed("interrupted while fetching " + path + " from " + remote.url());
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** Checks the remote's checksum for {@code path} and keeps it, or says why the file is refused. */
    private Optional<Failed> verify(Remote remote, String path, Digests digests, Path file)
            throws IOException, InterruptedException {
        for (String algorithm : CHECKSUMS) {
            HttpResponse<String> response = client.send(request(remote, path + "." + algorithm),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
            if (response.statusCode() == 404 || response.statusCode() == 410) {
                continue;
            }
            if (response.statusCode() != 200) {
                return Optional.of(new Failed(remote.url() + " answered " + response.statusCode() + " for "
                        + path + "." + algorithm));
            }
            String expected = response.body().trim().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            // SHA-1 was taken as the file streamed in; the rarer SHA-256 is taken from disk
            String actual = algorithm.equals("sha1") ? digests.sha1() : Digests.sha256(file);
            if (!expected.equals(actual)) {
                return Optional.of(new Failed("checksum mismatch for " + path + " from " + remote.url() + ": its ."
                        + algorithm + " says " + expected + ", the content hashes to " + actual
                        + "; nothing was cached"));
            }
            store.put(path + "." + algorithm, new ByteArrayInputStream((actual + "\n").getBytes(StandardCharsets.US_ASCII)));
            return Optional.empty();
        }
        return Optional.of(new Failed(remote.url() + " serves neither " + path + ".sha1 nor .sha256 to check it "
                + "against; nothing was cached"));
    }

    private HttpRequest request(Remote remote, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(remote.resolve(path)).timeout(requestTimeout).GET();
        remote.username().ifPresent(user -> request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + remote.password()).getBytes(StandardCharsets.UTF_8))));
        return request.build();
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
