package io.strata.agent.internal.methods;

import io.strata.api.identity.IdentityId;
import io.strata.api.proxy.ProxyRoute;
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
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Uploads a file as a block blob with one Put Blob to a container SAS URL: through the parent's API
 * proxy for {@code $upstream} (as this node, with the {@link UpstreamClient}), or on the top node, which
 * has no parent, to the blob storage of its own API proxy in-process; otherwise directly over https with
 * the JVM's trust. An answer other than 201 fails with the status, the storage's error
 * code and its message.
 */
final class BlobUploader {

    /** The Blob service version the requests name. */
    static final String SERVICE_VERSION = "2025-01-05";

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern ERROR_MESSAGE = Pattern.compile("<Message>([^<\\n]*)");

    private final Supplier<Optional<UpstreamClient>> parent;
    private final Function<String, Optional<ProxyRoute>> localRoutes;
    private final IdentityId self;
    private final Supplier<HttpClient> direct;

    /**
     * @param parent      the client of the parent's proxy, empty on a node without a parent
     * @param localRoutes the route of this node's API proxy that serves a target, if any: on a node without
     *                    a parent, {@code $upstream} is this node's own blob storage
     * @param self        the identity the uploads of this node's own storage come from
     * @param direct      the client for URLs of other hosts
     */
    BlobUploader(Supplier<Optional<UpstreamClient>> parent, Function<String, Optional<ProxyRoute>> localRoutes,
            IdentityId self, Supplier<HttpClient> direct) {
        this.parent = parent;
        this.localRoutes = localRoutes;
        this.self = self;
        this.direct = direct;
    }

    /** @throws IOException naming the URL (without its signature) and why the upload failed */
    void upload(SasUrl url, String blobName, Path file, String contentType) throws IOException, InterruptedException {
        Map<String, String> headers = Map.of("x-ms-blob-type", "BlockBlob", "x-ms-version", SERVICE_VERSION,
                "x-ms-blob-content-type", contentType);
        String target = url.target(blobName);
        Answer answer;
        if (!url.upstream()) {
            answer = direct(url, target, headers, file);
        } else {
            Optional<UpstreamClient> client = parent.get();
            answer = client.isPresent() ? throughTheParent(client.get(), target, headers, file)
                    : local(url, target, headers, file);
        }
        if (answer.status() != 201) {
            Matcher message = ERROR_MESSAGE.matcher(answer.body());
            throw new IOException("the blob storage at " + url + " answered " + answer.status()
                    + (answer.errorCode() == null ? "" : " " + answer.errorCode()) + " to " + blobName + ": "
                    + (message.find() ? message.group(1) : answer.body().lines().findFirst().orElse("no message")));
        }
    }

    private static Answer throughTheParent(UpstreamClient client, String target, Map<String, String> headers, Path file)
            throws IOException {
        try (InputStream content = Files.newInputStream(file);
                UpstreamResponse answer = client.send("PUT", target, headers, Files.size(file), content)) {
            return new Answer(answer.status(), answer.header("x-ms-error-code"), answer.status() == 201 ? ""
                    : new String(answer.body().readNBytes(LocalExchange.KEPT_BODY_BYTES), StandardCharsets.UTF_8));
        }
    }

    private Answer local(SasUrl url, String target, Map<String, String> headers, Path file) throws IOException {
        ProxyRoute route = localRoutes.apply(target).orElseThrow(() -> new IOException(url + ": this node has no "
                + "parent (parentHostname is empty), so " + SasUrl.UPSTREAM + " is its own blob storage, and none "
                + "serves " + url.container() + " here (feature:install strata-blob, with its accountName)"));
        try (InputStream content = Files.newInputStream(file)) {
            LocalExchange exchange = new LocalExchange("PUT", target, self, headers, Files.size(file), content);
            route.serve(exchange);
            return new Answer(exchange.status(), exchange.responseHeader("x-ms-error-code"), exchange.responseBody());
        }
    }

    private Answer direct(SasUrl url, String target, Map<String, String> headers, Path file)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://" + url.host() + ":" + url.port()
                + target)).timeout(TIMEOUT).PUT(HttpRequest.BodyPublishers.ofFile(file));
        headers.forEach(request::header);
        HttpResponse<String> answer = direct.get().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(answer.statusCode(), answer.headers().firstValue("x-ms-error-code").orElse(null),
                answer.body());
    }

    /** The storage's answer: its status, its error code (null when none) and the start of its body. */
    private record Answer(int status, String errorCode, String body) {
    }
}
