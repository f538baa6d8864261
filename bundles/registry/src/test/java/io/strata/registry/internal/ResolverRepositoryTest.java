package io.strata.registry.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.strata.api.identity.IdentityId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ResolverRepositoryTest {

    private static final String JAR = "org/example/widget/1.0/widget-1.0.jar";

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    @Test
    public void theResolverReadsTheRegistryOnLoopbackUnderItsSecretPathOnly() throws Exception {
        ArtifactStore store = new ArtifactStore(temporary.newFolder().toPath(), 1024 * 1024);
        store.put(JAR, new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}));
        ArtifactRegistry registry = new ArtifactRegistry(store, List.of(), new RemoteFetch(store), Duration.ZERO,
                Clock.systemUTC());
        HttpClient client = HttpClient.newHttpClient();
        try (ResolverRepository repository = new ResolverRepository(0, () -> registry, IdentityId.device("child"))) {
            String entry = repository.resolverEntry();
            assertThat(entry,
                    matchesPattern("http://127\\.0\\.0\\.1:\\d+/[0-9a-f]{32}/maven/@id=strata-upstream@snapshots"));
            String base = entry.substring(0, entry.indexOf('@'));

            var found = client.send(HttpRequest.newBuilder(URI.create(base + JAR)).build(), BodyHandlers.ofByteArray());
            assertEquals(200, found.statusCode());
            assertArrayEquals(new byte[] {1, 2, 3}, found.body());
            var head = client.send(HttpRequest.newBuilder(URI.create(base + JAR))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), BodyHandlers.ofByteArray());
            assertEquals(200, head.statusCode());
            var missing = client.send(HttpRequest.newBuilder(URI.create(base + JAR + ".md5")).build(),
                    BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
            URI withoutTheSecret = URI.create(base.replaceFirst("/[0-9a-f]{32}/", "/") + JAR);
            assertEquals(404, client.send(HttpRequest.newBuilder(withoutTheSecret).build(), BodyHandlers.ofString())
                    .statusCode());
        }
    }

    @Test
    public void theRegistrysEntryGoesFirstReplacesAnEarlierOneAndLeavesTheOthers() {
        String karaf = "https://repo1.maven.org/maven2@id=central, https://x.example/m2@id=strata-upstream2";
        String ours = "http://127.0.0.1:1/s/maven/@id=strata-upstream@snapshots";

        String added = ResolverRepositories.withEntry(karaf, Optional.of(ours));
        assertEquals(ours + ", " + karaf, added);
        String replaced = ResolverRepositories.withEntry(added, Optional.of(ours.replace(":1/", ":2/")));
        assertEquals(ours.replace(":1/", ":2/") + ", " + karaf, replaced);
        assertEquals(karaf, ResolverRepositories.withEntry(replaced, Optional.empty()));
        assertEquals(ours, ResolverRepositories.withEntry("", Optional.of(ours)));
    }
}
