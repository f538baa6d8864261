package io.strata.registry.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.KeySlot;
import io.strata.apiproxy.internal.LoopbackApiProxy;
import io.strata.testing.MemoryIdentityRegistry;
import io.strata.testing.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A leaf device asks the node's API proxy (real TLS and Netty on loopback, SAS authentication) for
 * artifacts; the registry behind it pulls them from a remote on loopback.
 */
public class RegistryThroughTheProxyTest {

    private static final String JAR = "org/example/widget/1.0/widget-1.0.jar";

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    private RemoteRepository remote;
    private LoopbackApiProxy proxy;
    private HttpClient client;
    private String leafToken;

    @Before
    public void start() throws Exception {
        remote = new RemoteRepository(temporary.newFolder("remote").toPath());
        TestPki pki = new TestPki("localhost");
        MemoryIdentityRegistry identities = new MemoryIdentityRegistry("localhost");
        identities.add(Identity.device("leaf", false, Credentials.generateSymmetricKeys()));
        leafToken = identities.createSasToken(IdentityId.device("leaf"), KeySlot.PRIMARY, Duration.ofMinutes(10));
        Path cache = temporary.newFolder("cache").toPath();
        ArtifactStore store = new ArtifactStore(cache, 64L * 1024 * 1024);
        HttpClient toRemotes = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ArtifactRegistry registry = new ArtifactRegistry(store, HttpRemote.all(Remote.of(remote.url(), "", ""),
                toRemotes, Duration.ofSeconds(30)), new RemoteFetch(store), Duration.ofMinutes(30), Clock.systemUTC());
        RepositoryRoute route = new RepositoryRoute("/maven/", registry);
        proxy = new LoopbackApiProxy(pki.serverContext(), identities, Map.of("/maven/", route::serve));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(pki.clientContext()).build();
    }

    @After
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        remote.close();
    }

    @Test
    public void anArtifactComesThroughTheProxyFromTheRemoteAndThenFromTheCache() throws Exception {
        byte[] content = new byte[5_000_000];
        new Random(15).nextBytes(content);
        remote.publish(JAR, content);

        var miss = client.send(request("/maven/" + JAR).GET().build(), BodyHandlers.ofByteArray());
        assertEquals(200, miss.statusCode());
        assertArrayEquals(content, miss.body());
        int asked = remote.requests.size();
        var hit = client.send(request("/maven/" + JAR).GET().build(), BodyHandlers.ofByteArray());
        assertArrayEquals(content, hit.body());
        assertEquals(asked, remote.requests.size());

        var head = client.send(request("/maven/" + JAR).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("application/java-archive", head.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(content.length, head.headers().firstValueAsLong("Content-Length").orElseThrow());
        assertEquals("", head.body());
        // the connection carries on after a HEAD: no body bytes were left on it
        var again = client.send(request("/maven/" + JAR).GET().build(), BodyHandlers.ofByteArray());
        assertArrayEquals(content, again.body());
    }

    @Test
    public void whatIsNotThereIs404WithTheReason() throws Exception {
        var missing = client.send(request("/maven/" + JAR).GET().build(), BodyHandlers.ofString());

        assertEquals(404, missing.statusCode());
        assertThat(missing.body(), containsString(JAR + " is neither cached nor on"));
    }

    @Test
    public void aClientWithoutCredentialsIsRefusedByTheProxy() throws IOException, InterruptedException {
        var refused = client.send(HttpRequest.newBuilder(uri("/maven/" + JAR)).GET().build(), BodyHandlers.ofString());

        assertEquals(401, refused.statusCode());
        assertEquals("the registry was never asked", 0, remote.requests.size());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", leafToken).timeout(Duration.ofMinutes(1));
    }

    private URI uri(String path) {
        return URI.create("https://localhost:" + proxy.port() + path);
    }

}
