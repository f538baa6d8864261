package io.strata.agent.internal.methods;

import io.strata.api.proxy.UpstreamClient;
import io.strata.api.proxy.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Uploads a file as a block blob with one Put Blob to a container SAS URL: through the parent's API
 * proxy for {@code $upstream} (as this node, with the {@link UpstreamClient}), otherwise directly over
 * https with the JVM's trust. An answer other than 201 fails with the status, the storage's error
 * code and its message.
 */
final class BlobUploader {

    /** The Blob service version the requests name. */
    static final String SERVICE_VERSION = "2025-01-05";

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern ERROR_MESSAGE = Pattern.compile("<Message>([^<\\n]*)");

    private final Supplier<Optional<UpstreamClient>> parent;
    private final Supplier<HttpClient> direct;

    /**
     * @param parent the client of the parent's proxy, empty on a node without a parent
     * @param direct the client for URLs of other hosts
     */
    BlobUploader(Supplier<Optional<UpstreamClient>> parent, Supplier<HttpClient> direct) {
        this.parent = parent;
        this.direct = direct;
    }

    /** @throws IOException naming the URL (without its signature) and why the upload failed */
    void upload(SasUrl url, String blobName, Path file, String contentType) throws IOException, InterruptedException {
        Map<String, String> headers = Map.of("x-ms-blob-type", "BlockBlob", "x-ms-version", SERVICE_VERSION,
                "x-ms-blob-content-type", contentType);
        String target = url.target(blobName);
        long length = Files.size(file);
        int status;
        String errorCode;
        String body;
        if (url.upstream()) {
            UpstreamClient client = parent.get().orElseThrow(() -> new IOException(url + ": this node has no parent "
                    + "(parentHostname is empty), so " + SasUrl.UPSTREAM + " names nothing; give the blob "
                    + "storage's own address"));
            try (InputStream content = Files.newInputStream(file);
                    UpstreamResponse answer = client.send("PUT", target, headers, length, content)) {
                status = answer.status();
                errorCode = answer.header("x-ms-error-code");
                body = status == 201 ? "" : new String(answer.body().readNBytes(16 * 1024), StandardCharsets.UTF_8);
            }
        } else {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://" + url.host() + ":" + url.port()
                    + target)).timeout(TIMEOUT).PUT(HttpRequest.BodyPublishers.ofFile(file));
            headers.forEach(request::header);
            HttpResponse<String> answer = direct.get().send(request.build(), HttpResponse.BodyHandlers.ofString());
            status = answer.statusCode();
            errorCode = answer.headers().firstValue("x-ms-error-code").orElse(null);
            body = answer.body();
        }
        if (status != 201) {
            Matcher message = ERROR_MESSAGE.matcher(body);
            throw new IOException("the blob storage at " + url + " answered " + status
                    + (errorCode == null ? "" : " " + errorCode) + " to " + blobName + ": "
                    + (message.find() ? message.group(1) : body.lines().findFirst().orElse("no message")));
        }
    }
}
