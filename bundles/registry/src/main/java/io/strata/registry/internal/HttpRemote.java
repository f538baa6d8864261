package io.strata.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** A configured remote repository read over HTTP(S), with its credentials if it has any. */
final class HttpRemote implements ArtifactSource {

    private final Remote remote;
    private final HttpClient client;
    private final Duration requestTimeout;

    HttpRemote(Remote remote, HttpClient client, Duration requestTimeout) {
        this.remote = remote;
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    static List<ArtifactSource> all(List<Remote> remotes, HttpClient client, Duration requestTimeout) {
        return remotes.stream().<ArtifactSource>map(remote -> new HttpRemote(remote, client, requestTimeout)).toList();
    }

    @Override
    public Answer get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(remote.resolve(path)).timeout(requestTimeout).GET();
        remote.username().ifPresent(user -> request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + remote.password()).getBytes(StandardCharsets.UTF_8))));
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new Answer(response.statusCode(), response.body());
    }

    @Override
    public String toString() {
        return remote.toString();
    }
}
