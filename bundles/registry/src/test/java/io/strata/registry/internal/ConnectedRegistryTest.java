package io.strata.registry.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.proxy.ProxyRoute;
import io.strata.apiproxy.internal.LoopbackApiProxy;
import io.strata.testing.MemoryIdentityRegistry;
import io.strata.testing.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A child node's connected registry in front of a real API proxy standing in for its parent: what it
 * lacks comes from the parent's registry as this node (SAS), checked, cached, and served from the cache
 * while the parent is away.
 */
public class ConnectedRegistryTest {

    private static final String JAR = "org/example/widget/1.0/widget-1.0.jar";
    private static final String METADATA = "org/example/widget/maven-metadata.xml";

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    private final TestPki parentPki = new TestPki("parent");
    private final MemoryIdentityRegistry parentIdentities = new MemoryIdentityRegistry("parent");
    private String childKey;
    private RemoteRepository remote;
    private LoopbackApiProxy parent;
    private ArtifactStore childStore;

    public ConnectedRegistryTest() throws Exception {
        // TestPki generates its keys in a constructor that may throw
    }

    @Before
    public void start() throws IOException {
        childKey = parentIdentities.add(Identity.device("child", true, Credentials.generateSymmetricKeys()))
                .credentials().primary();
        remote = new RemoteRepository(temporary.newFolder("remote").toPath());
        childStore = new ArtifactStore(temporary.newFolder("child").toPath(), 64L * 1024 * 1024);
    }

    @After
    public void stop() {
        if (parent != null) {
            parent.close();
        }
        remote.close();
    }

    @Test
    public void anArtifactComesFromTheParentsRegistryAsThisNodeAndIsThenServedFromTheCache() throws Exception {
        byte[] content = new byte[300_000];
        new Random(16).nextBytes(content);
        remote.publish(JAR, content);
        parent = parentWithItsRegistry();
        ArtifactRegistry child = childOf(childKey, Duration.ofMinutes(30));

        ArtifactRegistry.Lookup miss = child.find(JAR);
        assertThat(miss, instanceOf(ArtifactRegistry.Found.class));
        assertArrayEquals(content, Files.readAllBytes(((ArtifactRegistry.Found) miss).file()));
        assertTrue("its checksum is cached with it", childStore.lookUp(JAR + ".sha1").isPresent());
        int asked = remote.requests.size();

        parent.close();
        parent = null;
        ArtifactRegistry.Lookup hit = child.find(JAR);
        assertArrayEquals(content, Files.readAllBytes(((ArtifactRegistry.Found) hit).file()));
        assertEquals(asked, remote.requests.size());
        assertEquals(new ArtifactRegistry.Statistics(1, 1), child.statistics());
    }

    @Test
    public void aNodeTheParentDoesNotKnowGetsNothing() throws Exception {
        remote.publish(JAR, new byte[] {1, 2, 3});
        parent = parentWithItsRegistry();
        ArtifactRegistry impostor = childOf(Credentials.generateSymmetricKeys().primary(), Duration.ofMinutes(30));

        ArtifactRegistry.Lookup refused = impostor.find(JAR);

        assertThat(((ArtifactRegistry.Unavailable) refused).reason(), containsString("answered 401"));
        assertFalse(childStore.lookUp(JAR).isPresent());
        assertEquals("the parent's registry was never asked", List.of(), remote.requests);
    }

    @Test
    public void whileTheParentIsDownCachedFilesAndStaleMetadataAreServedAndAMissSaysWhy() throws Exception {
        byte[] metadata = "<metadata><versioning><latest>1.0</latest></versioning></metadata>"
                .getBytes(StandardCharsets.UTF_8);
        remote.publish(JAR, new byte[] {4, 5, 6});
        remote.publish(METADATA, metadata);
        parent = parentWithItsRegistry();
        // metadata is asked for again every time, so only a parent that fails leaves it stale
        ArtifactRegistry child = childOf(childKey, Duration.ZERO);
        assertThat(child.find(JAR), instanceOf(ArtifactRegistry.Found.class));
        assertThat(child.find(METADATA), instanceOf(ArtifactRegistry.Found.class));

        parent.close();
        parent = null;

        assertArrayEquals(new byte[] {4, 5, 6}, Files.readAllBytes(((ArtifactRegistry.Found) child.find(JAR)).file()));
        ArtifactRegistry.Lookup stale = child.find(METADATA);
        assertArrayEquals(metadata, Files.readAllBytes(((ArtifactRegistry.Found) stale).file()));
        ArtifactRegistry.Lookup missing = child.find("org/example/widget/2.0/widget-2.0.jar");
        assertThat(((ArtifactRegistry.Unavailable) missing).reason(), containsString("the parent's registry"));
    }

    @Test
    public void aFileWhoseChecksumFromTheParentDoesNotMatchIsNotCached() throws Exception {
        Path served = temporary.newFolder("served").toPath();
        Files.createDirectories(served.resolve(JAR).getParent());
        Files.write(served.resolve(JAR), new byte[] {7, 8, 9});
        Files.writeString(served.resolve(JAR + ".sha1"), "0000000000000000000000000000000000000000\n");
        parent = new LoopbackApiProxy(parentPki.serverContext(), parentIdentities,
                Map.of(RegistryComponent.PATH, folderServing(served)));
        ArtifactRegistry child = childOf(childKey, Duration.ofMinutes(30));

        ArtifactRegistry.Lookup refused = child.find(JAR);

        assertThat(((ArtifactRegistry.Unavailable) refused).reason(), containsString("checksum mismatch for " + JAR));
        assertFalse(childStore.lookUp(JAR).isPresent());
        assertFalse(childStore.lookUp(JAR + ".sha1").isPresent());
    }

    /** The parent: a real proxy whose registry pulls through the test's remote. */
    private LoopbackApiProxy parentWithItsRegistry() throws Exception {
        ArtifactStore store = new ArtifactStore(temporary.newFolder().toPath(), 64L * 1024 * 1024);
        ArtifactRegistry registry = new ArtifactRegistry(store, HttpRemote.all(Remote.of(remote.url(), "", ""),
                java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(10)), new RemoteFetch(store),
                Duration.ofMinutes(30), Clock.systemUTC());
        RepositoryRoute route = new RepositoryRoute(RegistryComponent.PATH, registry);
        return new LoopbackApiProxy(parentPki.serverContext(), parentIdentities, Map.of(RegistryComponent.PATH,
                route::serve));
    }

    private ArtifactRegistry childOf(String key, Duration metadataMaxAge) throws Exception {
        ParentRegistry parentRegistry = new ParentRegistry(parent.clientOfChild("parent", "child", key,
                parentPki.clientContext()));
        return new ArtifactRegistry(childStore, List.of(parentRegistry), new RemoteFetch(childStore), metadataMaxAge,
                Clock.systemUTC());
    }

    /** A route serving a folder as it is, checksums and all, unchecked. */
    private static ProxyRoute folderServing(Path folder) {
        return exchange -> {
            Path file = folder.resolve(exchange.target().substring(RegistryComponent.PATH.length()));
            byte[] body = Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
            try (OutputStream out = exchange.respond(body.length == 0 ? 404 : 200, Map.of(), body.length)) {
                out.write(body);
            }
        };
    }
}
