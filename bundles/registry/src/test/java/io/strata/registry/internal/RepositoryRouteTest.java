package io.strata.registry.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.strata.testing.MutableClock;
import io.strata.testing.RecordedProxyExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RepositoryRouteTest {

    private static final String JAR = "org/example/widget/1.0/widget-1.0.jar";
    private static final String METADATA = "org/example/widget/maven-metadata.xml";
    private static final byte[] CONTENT = "the widget bundle".getBytes(StandardCharsets.UTF_8);

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    private RemoteRepository remote;
    private Path cache;

    @Before
    public void startRemote() throws IOException {
        remote = new RemoteRepository(temporary.newFolder("remote").toPath());
        cache = temporary.newFolder("cache").toPath();
    }

    @After
    public void stopRemote() {
        remote.close();
    }

    @Test
    public void aMissIsFetchedCheckedStoredAndServedThenHit() throws IOException {
        remote.publish(JAR, CONTENT);
        RepositoryRoute route = route(List.of(remote.url()), "", "");

        RecordedProxyExchange miss = get(route, "/maven/" + JAR);
        assertEquals(200, miss.status);
        assertArrayEquals(CONTENT, miss.body.toByteArray());
        assertEquals(CONTENT.length, miss.contentLength);
        assertEquals("application/java-archive", miss.headers.get("Content-Type"));
        assertTrue(Files.isRegularFile(cache.resolve("repository").resolve(JAR)));
        int asked = remote.requests.size();

        RecordedProxyExchange hit = get(route, "/maven/" + JAR);
        assertArrayEquals(CONTENT, hit.body.toByteArray());
        RecordedProxyExchange checksum = get(route, "/maven/" + JAR + ".sha1");
        assertEquals(200, checksum.status);
        assertThat(checksum.text().trim().length(), is(40));
        assertEquals("the hit and its checksum are served from disk", asked, remote.requests.size());
    }

    @Test
    public void headAnswersWithoutBody() throws IOException {
        remote.publish(JAR, CONTENT);
        RecordedProxyExchange head = new RecordedProxyExchange("HEAD", "/maven/" + JAR);
        route(List.of(remote.url()), "", "").serve(head);
        assertEquals(200, head.status);
        assertEquals("the length a GET gets", CONTENT.length, head.contentLength);
        assertEquals(0, head.body.size());
    }

    @Test
    public void aWrongChecksumIs502AndNothingIsCached() throws IOException {
        remote.publish(JAR, CONTENT);
        Files.writeString(remote.folder.resolve(JAR + ".sha1"), "0123456789012345678901234567890123456789\n");

        RecordedProxyExchange refused = get(route(List.of(remote.url()), "", ""), "/maven/" + JAR);

        assertEquals(502, refused.status);
        assertThat(refused.text(), containsString("checksum mismatch for " + JAR));
        assertThat(refused.text(), containsString("0123456789012345678901234567890123456789"));
        assertThat(cachedFiles(), empty());
    }

    @Test
    public void aRemoteWithoutChecksumIsRefused() throws IOException {
        remote.publish(JAR, CONTENT);
        Files.delete(remote.folder.resolve(JAR + ".sha1"));

        RecordedProxyExchange refused = get(route(List.of(remote.url()), "", ""), "/maven/" + JAR);

        assertEquals(502, refused.status);
        assertThat(refused.text(), containsString("serves neither " + JAR + ".sha1 nor .sha256"));
        assertThat(cachedFiles(), empty());
    }

    @Test
    public void aSha256IsCheckedWhenNoSha1IsServed() throws IOException {
        remote.publish(JAR, CONTENT);
        Files.delete(remote.folder.resolve(JAR + ".sha1"));
        Files.writeString(remote.folder.resolve(JAR + ".sha256"), Digests.sha256(remote.folder.resolve(JAR)));

        RecordedProxyExchange served = get(route(List.of(remote.url()), "", ""), "/maven/" + JAR);

        assertEquals(200, served.status);
        assertTrue(Files.isRegularFile(cache.resolve("repository").resolve(JAR + ".sha256")));
    }

    @Test
    public void aRemoteThatIsDownIs502WithTheReason() throws IOException {
        String down;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            down = "http://127.0.0.1:" + closed.getLocalPort() + "/repo";
        }

        RecordedProxyExchange refused = get(route(List.of(down), "", ""), "/maven/" + JAR);

        assertEquals(502, refused.status);
        assertThat(refused.text(), containsString(down + "/ could not be read for " + JAR));
        assertThat(cachedFiles(), empty());
    }

    @Test
    public void remotesAreAskedInOrder() throws IOException {
        try (RemoteRepository second = new RemoteRepository(temporary.newFolder("second").toPath())) {
            second.publish(JAR, CONTENT);

            RecordedProxyExchange served = get(route(List.of(remote.url(), second.url()), "", ""), "/maven/" + JAR);

            assertEquals(200, served.status);
            assertEquals(List.of(JAR), remote.requests);
        }
    }

    @Test
    public void whatNoRemoteHasIs404WithTheReason() throws IOException {
        RecordedProxyExchange missing = get(route(List.of(remote.url()), "", ""), "/maven/" + JAR);

        assertEquals(404, missing.status);
        assertThat(missing.text(), containsString(JAR + " is neither cached nor on [" + remote.url() + "/]"));
    }

    @Test
    public void withoutRemotesOnlyTheCacheServes() throws IOException {
        RecordedProxyExchange missing = get(route(List.of(), "", ""), "/maven/" + JAR);

        assertEquals(404, missing.status);
        assertThat(missing.text(), containsString("has no remote"));
    }

    @Test
    public void credentialsAreSentToTheirRemote() throws IOException {
        remote.publish(JAR, CONTENT);
        remote.requireBasic(Base64.getEncoder().encodeToString("reader:s3cret".getBytes(StandardCharsets.UTF_8)));

        assertEquals(502, get(route(List.of(remote.url()), "", ""), "/maven/" + JAR).status);
        assertEquals(200, get(route(List.of(remote.url()), "reader", "s3cret"), "/maven/" + JAR).status);
    }

    @Test
    public void pathsLeavingTheRepositoryAreRefused() throws IOException {
        RepositoryRoute route = route(List.of(remote.url()), "", "");
        for (String target : List.of("/maven/../etc/passwd", "/maven/org/%2e%2e/x.jar", "/maven//", "/maven/org//x.jar",
                "/maven/.hidden/x.jar", "/maven/org/x.jar/%2F")) {
            RecordedProxyExchange refused = get(route, target);
            assertEquals(target, 404, refused.status);
            assertThat(refused.text(), containsString("names no file of the Maven repository"));
        }
        assertThat(remote.requests, empty());
    }

    @Test
    public void theRootSaysTheRegistryIsThereWithoutAskingTheRemotes() throws IOException {
        RecordedProxyExchange root = get(route(List.of(remote.url()), "", ""), "/maven/");
        assertEquals(200, root.status);
        assertEquals("Strata artifact registry\n", root.text());
        assertThat(remote.requests, empty());
    }

    @Test
    public void otherMethodsAre405() throws IOException {
        RecordedProxyExchange put = new RecordedProxyExchange("PUT", "/maven/" + JAR);
        route(List.of(), "", "").serve(put);
        assertEquals(405, put.status);
        assertThat(put.headers.get("Allow"), equalTo("GET, HEAD"));
    }

    @Test
    public void hitsAndMissesAreCounted() throws IOException {
        remote.publish(JAR, CONTENT);
        ArtifactRegistry registry = registry(List.of(remote.url()), "", "");
        RepositoryRoute route = new RepositoryRoute("/maven/", registry);
        get(route, "/maven/" + JAR);
        get(route, "/maven/" + JAR);
        get(route, "/maven/" + JAR);

        assertEquals(2, registry.statistics().hits());
        assertEquals(1, registry.statistics().misses());
        assertFalse(registry.statistics().hitRate() < 0.66);
    }

    @Test
    public void metadataIsAskedForAgainOnceItIsOlderThanItsMaximumAge() throws IOException {
        remote.publish(METADATA, "<metadata>1.0</metadata>".getBytes(StandardCharsets.UTF_8));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
        RepositoryRoute route = new RepositoryRoute("/maven/", registry(List.of(remote.url()), Duration.ofMinutes(30),
                clock));
        assertEquals("<metadata>1.0</metadata>", get(route, "/maven/" + METADATA).text());
        remote.publish(METADATA, "<metadata>1.0 1.1</metadata>".getBytes(StandardCharsets.UTF_8));

        assertEquals("<metadata>1.0</metadata>", get(route, "/maven/" + METADATA).text());
        clock.advance(Duration.ofMinutes(30));
        assertEquals("<metadata>1.0 1.1</metadata>", get(route, "/maven/" + METADATA).text());

        remote.close();
        clock.advance(Duration.ofMinutes(30));
        RecordedProxyExchange whileDown = get(route, "/maven/" + METADATA);
        assertEquals("the remote is down: the metadata there is", 200, whileDown.status);
        assertEquals("<metadata>1.0 1.1</metadata>", whileDown.text());
    }

    @Test
    public void requestsForOneMissWaitForOneFetch() throws Exception {
        remote.publish(JAR, CONTENT);
        remote.delayMillis = 300;
        RepositoryRoute route = route(List.of(remote.url()), "", "");
        ExecutorService clients = Executors.newFixedThreadPool(5);
        try {
            List<Future<RecordedProxyExchange>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(clients.submit(() -> get(route, "/maven/" + JAR)));
            }
            for (Future<RecordedProxyExchange> answer : answers) {
                assertArrayEquals(CONTENT, answer.get().body.toByteArray());
            }
        } finally {
            clients.shutdown();
        }
        assertEquals(List.of(JAR, JAR + ".sha1"), remote.requests);
    }

    private RepositoryRoute route(List<String> urls, String user, String password) throws IOException {
        return new RepositoryRoute("/maven/", registry(urls, user, password));
    }

    private ArtifactRegistry registry(List<String> urls, Duration metadataMaxAge, Clock clock) throws IOException {
        ArtifactStore store = new ArtifactStore(cache, 1024 * 1024);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new ArtifactRegistry(store, HttpRemote.all(Remote.of(String.join(",", urls), "", ""), client,
                Duration.ofSeconds(5)), new RemoteFetch(store), metadataMaxAge, clock);
    }

    private ArtifactRegistry registry(List<String> urls, String user, String password) throws IOException {
        ArtifactStore store = new ArtifactStore(cache, 1024 * 1024);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Remote> remotes = Remote.of(String.join(",", urls), urls.isEmpty() ? "" : user,
                urls.isEmpty() ? "" : password);
        return new ArtifactRegistry(store, HttpRemote.all(remotes, client, Duration.ofSeconds(5)),
                new RemoteFetch(store), Duration.ofMinutes(30), Clock.systemUTC());
    }

    private static RecordedProxyExchange get(RepositoryRoute route, String target) throws IOException {
        RecordedProxyExchange exchange = new RecordedProxyExchange("GET", target);
        route.serve(exchange);
        return exchange;
    }

    private List<Path> cachedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(cache).filter(Files::isRegularFile)) {
            return files.toList();
        }
    }
}
