package io.strata.itests.hierarchy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.strata.itests.StrataContainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The artifact registries of three real nodes, hub → parent → child, where only the hub reaches a Maven
 * repository (the test's, on loopback, holding a feature repository and a bundle the assembly does not
 * have). A manifest set at the hub for the child names the feature repository as {@code $upstream}: the
 * child's resolver asks the child's registry, which asks the parent's through its proxy, which asks the
 * hub's, which pulls from the remote. Then, with the remote stopped, the parent installs the same from
 * its cache; and with the parent stopped, the child installs the bundle again from its own. The tests
 * build on one another, so they run in name order.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class RegistryHierarchyIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String GROUP_PATH = "io/strata/itests/";
    private static final String BUNDLE = "io.strata.itests.widget";
    private static final String JAR = GROUP_PATH + "widget/1.0/widget-1.0.jar";
    private static final String FEATURES = GROUP_PATH + "widget-features/1.0/widget-features-1.0-features.xml";
    private static final String FEATURES_URL = "mvn:io.strata.itests/widget-features/1.0/xml/features";

    private static EdgeNode hub;
    private static EdgeNode parent;
    private static EdgeNode child;
    private static MavenRepository remote;

    @BeforeClass
    public static void startTheTree() throws Exception {
        remote = new MavenRepository(Map.of(JAR, widgetBundle(), FEATURES, featureRepository()));
        hub = EdgeNode.create("registry", "hub", "hub.strata.test");
        parent = EdgeNode.create("registry", "parent", "parent.strata.test");
        child = EdgeNode.create("registry", "child", "child.strata.test");
        Map<EdgeNode, Integer> proxyPorts = new ConcurrentHashMap<>();
        for (EdgeNode node : List.of(hub, parent, child)) {
            int port = Integer.parseInt(StrataContainer.freePort());
            proxyPorts.put(node, port);
            node.karaf().setProperty("io.strata.apiproxy.cfg", "port", Integer.toString(port));
            node.karaf().setProperty("io.strata.apiproxy.cfg", "bindAddress", "127.0.0.1");
        }
        hub.karaf().setProperty("io.strata.registry.cfg", "remoteUrls", remote.url());
        hub.karaf().start();
        hub.execute("feature:install strata-hub");
        PkiFixture pki = PkiFixture.createRoot(hub.karaf(), "Strata registry root CA");
        for (EdgeNode node : List.of(hub, parent, child)) {
            pki.install(node);
        }
        hub.awaitOutput("edge:certs", certs -> certs.contains("hub device CA"), TIMEOUT, "no hub device CA");
        hub.execute("edge:device-add -k edge -p hub parent");
        hub.execute("edge:device-add -k edge -p parent child");
        for (EdgeNode node : List.of(parent, child)) {
            EdgeNode above = node == parent ? hub : parent;
            String key = SasTokens.keyOf(hub.execute("edge:device-connection-string " + node.deviceId()));
            node.placeBelow(above, "amqp", above.amqpPort(), key);
            node.karaf().setProperty("io.strata.apiproxy.cfg", "parentProxyPort", Integer.toString(proxyPorts.get(above)));
        }
        parent.karaf().start();
        child.karaf().start();
        for (EdgeNode node : List.of(hub, parent, child)) {
            node.execute("feature:install strata-registry");
            node.awaitOutput("config:property-list --pid org.ops4j.pax.url.mvn",
                    config -> config.contains("@id=strata-upstream"), TIMEOUT,
                    "the registry did not point the node's Maven resolver at itself");
        }
    }

    @AfterClass
    public static void stopTheTree() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {child, parent, hub, remote}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    public void t1_aManifestSetAtTheHubInstallsOnTheChildAModuleOnlyTheHubsRemoteHasThroughBothProxies()
            throws Exception {
        Path manifest = hub.home().resolve("child-manifest.json");
        Files.writeString(manifest, childManifest());

        String output = hub.execute("edge:deploy --device " + child.deviceId() + " " + manifest);

        assertTrue(output, output.strip().startsWith("200"));
        child.awaitOutput("bundle:list -s", list -> active(list, BUNDLE), TIMEOUT,
                "the widget bundle of the manifest set at the hub is not active");
        assertTrue(remote.requests.toString(), remote.requests.contains(JAR));
        assertTrue(remote.requests.toString(), remote.requests.contains(FEATURES));
        for (EdgeNode node : List.of(hub, parent, child)) {
            String cached = node.execute("edge:registry");
            assertTrue(node.deviceId() + " caches what passed through it: " + cached, cached.contains(JAR));
        }
    }

    @Test
    public void t2_withTheRemoteStoppedTheParentInstallsTheSameFromItsCache() throws Exception {
        remote.close();
        int asked = remote.requests.size();
        assertFalse("the parent's own resolver never had it", Files.exists(localCopy(parent)));

        parent.execute("feature:repo-add " + FEATURES_URL);
        parent.execute("feature:install widget");

        parent.awaitOutput("bundle:list -s", list -> active(list, BUNDLE), TIMEOUT,
                "the widget bundle did not become active on the parent");
        assertEquals(asked, remote.requests.size());
    }

    @Test
    public void t3_withTheParentStoppedTheChildInstallsTheBundleAgainFromItsConnectedRegistry() throws Exception {
        parent.karaf().stop();
        child.execute("bundle:uninstall " + BUNDLE);
        // the resolver's own copy must not answer in the registry's place
        deleteRecursively(child.home().resolve("data/repository/" + GROUP_PATH));

        child.execute("bundle:install -s mvn:io.strata.itests/widget/1.0");

        child.awaitOutput("bundle:list -s", list -> active(list, BUNDLE), TIMEOUT,
                "the widget bundle did not come back on the child from its connected registry");
        assertTrue("the child's resolver fetched it again", Files.exists(localCopy(child)));
    }

    private static Path localCopy(EdgeNode node) {
        return node.home().resolve("data/repository/" + JAR);
    }

    private static boolean active(String bundleList, String symbolicName) {
        return bundleList.lines().anyMatch(line -> line.contains(symbolicName) && line.contains("Active"));
    }

    private static String childManifest() {
        return """
                {"modulesContent": {
                  "$edgeAgent": {"properties.desired": {
                    "schemaVersion": "1.1",
                    "runtime": {"type": "karaf"},
                    "systemModules": {
                      "edgeAgent": {"type": "karaf-feature", "settings": {"feature": "strata-agent"}},
                      "edgeHub": {"type": "karaf-feature", "status": "running", "restartPolicy": "always", "settings": {"feature": "strata-node"}}
                    },
                    "modules": {
                      "widget": {"version": "1.0", "type": "karaf-feature", "status": "running", "restartPolicy": "always",
                        "settings": {"repository": "https://$upstream:443/maven/%s", "feature": "widget"}}
                    }}},
                  "$edgeHub": {"properties.desired": {"schemaVersion": "1.1", "routes": {}}}
                }}
                """.formatted(FEATURES);
    }

    /** A bundle with nothing but its manifest: enough to resolve and start. */
    private static byte[] widgetBundle() throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", BUNDLE);
        main.putValue("Bundle-Version", "1.0.0");
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
            out.flush();
        }
        return jar.toByteArray();
    }

    private static byte[] featureRepository() {
        return """
                <features name="widget-1.0" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                  <feature name="widget" version="1.0">
                    <bundle>mvn:io.strata.itests/widget/1.0</bundle>
                  </feature>
                </features>
                """.getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** A Maven repository on loopback serving files the test made, each with its {@code .sha1}. */
    private static final class MavenRepository implements AutoCloseable {

        final List<String> requests = new CopyOnWriteArrayList<>();
        private final Map<String, byte[]> files = new ConcurrentHashMap<>();
        private final HttpServer server;
        private boolean closed;

        MavenRepository(Map<String, byte[]> artifacts) throws Exception {
            for (Map.Entry<String, byte[]> artifact : artifacts.entrySet()) {
                files.put(artifact.getKey(), artifact.getValue());
                String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(artifact.getValue()));
                files.put(artifact.getKey() + ".sha1", sha1.getBytes(StandardCharsets.US_ASCII));
            }
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/repo/", this::serve);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/repo/";
        }

        private void serve(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath().substring("/repo/".length());
                requests.add(path);
                byte[] body = files.get(path);
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                server.stop(0);
                closed = true;
            }
        }
    }
}
