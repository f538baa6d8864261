package io.strata.itests.hierarchy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.strata.itests.StrataContainer;
import io.strata.itests.support.EdgeHubClients;
import io.strata.itests.support.Routes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The services for the layers below in one real tree, hub → parent → child on one root CA, with a leaf
 * device below the child, where only the hub reaches a Maven repository (the test's, on loopback,
 * holding a feature repository and a bundle the assembly does not have):
 * <ul>
 * <li>the API proxies: the child and the parent serve only {@code /maven/} themselves, so the leaf's
 * request for {@code /$strata/status} travels up to the hub, which takes the parent for the caller;
 * refusals come back with their reason;</li>
 * <li>blob storage on the hub only: the Azure Storage Blob SDK for Java, as the leaf, uploads through
 * the child's proxy (its SAS in Proxy-Authorization, the account's Shared Key in Authorization) a
 * 50 MB file in blocks and a small one in one put; {@code edge:blobs} at the hub lists them, and a
 * download from the hub's proxy has the same bytes;</li>
 * <li>uploads from the tree: the hub hands out a container SAS URL for {@code $upstream}
 * ({@code edge:blob-sas}) and invokes {@code UploadSupportBundle} and {@code UploadModuleLogs} on the
 * child's {@code $edgeAgent}, polls {@code GetTaskStatus} to Completed, and finds the zip (the child's
 * settings without its key) and the log lines in its blob storage; the hub, which has no parent, uploads
 * its own support bundle with the same SAS URL to its own blob storage;</li>
 * <li>the artifact registries: a manifest set at the hub for the child names the feature repository as
 * {@code $upstream}; the child's resolver asks the child's registry, which asks the parent's through
 * its proxy, which asks the hub's, which pulls from the remote. With the remote stopped the parent
 * installs the same from its cache; and, last, with the hub and then the parent stopped, the child
 * installs the bundle again from its own.</li>
 * <li>metrics: the child's {@code /metrics} through its proxy, scraped as the leaf, counts the leaf's
 * telemetry under IoT Edge's names; every node sends its health up every 2 s, and {@code edge:topology}
 * at the hub shows the child, two levels down, with its last-seen health, and still does after the hub
 * restarted with the tree below it gone; the child's counters of IoT
 * Edge's twin, direct method, refused client and module start/stop metrics move as the leaf reads its
 * twin, the hub restarts the child's module and a client presents a wrong key.</li>
 * </ul>
 * The tests build on one another (the last ones stop nodes), so they run in name order.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class LayeredServicesIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String LEAF = "camera-1";

    private static final String GROUP_PATH = "io/strata/itests/";
    private static final String BUNDLE = "io.strata.itests.widget";
    private static final String JAR = GROUP_PATH + "widget/1.0/widget-1.0.jar";
    private static final String FEATURES = GROUP_PATH + "widget-features/1.0/widget-features-1.0-features.xml";
    private static final String FEATURES_URL = "mvn:io.strata.itests/widget-features/1.0/xml/features";

    private static final String ACCOUNT = "edgestorage";
    private static final String CONTAINER = "uploads";
    private static final long LARGE_BYTES = 50L * 1024 * 1024;

    private static final Duration HEALTH_INTERVAL = Duration.ofSeconds(2);
    private static final String UPSTREAM = """
            {"schemaVersion": "1.1", "routes": {"upstream": "FROM /messages/* INTO $upstream"}}""";
    private static final int TELEMETRY_MESSAGES = 5;

    private static EdgeNode hub;
    private static EdgeNode parent;
    private static EdgeNode child;
    private static PkiFixture pki;
    private static MavenRepository remote;
    private static String accountKey;
    private static Path large;
    private static String largeSha256;
    private static HttpClient https;
    private static final Map<String, Integer> PROXY_PORTS = new HashMap<>();
    private static final Map<String, String> KEYS = new HashMap<>();
    private static Instant hubStopped;

    @BeforeClass
    public static void startTheTree() throws Exception {
        remote = new MavenRepository(Map.of(JAR, widgetBundle(), FEATURES, featureRepository()));
        hub = EdgeNode.create("services", "hub", "hub.strata.test");
        parent = EdgeNode.create("services", "parent", "parent.strata.test");
        child = EdgeNode.create("services", "child", "child.strata.test");
        for (EdgeNode node : List.of(hub, parent, child)) {
            int port = Integer.parseInt(StrataContainer.freePort());
            PROXY_PORTS.put(node.deviceId(), port);
            node.karaf().setProperty("io.strata.apiproxy.cfg", "port", Integer.toString(port));
            node.karaf().setProperty("io.strata.apiproxy.cfg", "bindAddress", "127.0.0.1");
        }
        byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        accountKey = Base64.getEncoder().encodeToString(key);
        hub.karaf().setProperty("io.strata.blob.cfg", "accountName", ACCOUNT);
        hub.karaf().setProperty("io.strata.blob.cfg", "accountKey", accountKey);
        hub.karaf().setProperty("io.strata.registry.cfg", "remoteUrls", remote.url());
        hub.karaf().start();
        hub.execute("feature:install strata-hub");
        hub.execute("feature:install strata-blob");
        pki = PkiFixture.createRoot(hub.karaf(), "Strata layered services root CA");
        for (EdgeNode node : List.of(hub, parent, child)) {
            pki.install(node);
        }
        hub.awaitOutput("edge:certs", certs -> certs.contains("hub device CA"), TIMEOUT, "no hub device CA");
        hub.execute("edge:device-add -k edge -p hub parent");
        hub.execute("edge:device-add -k edge -p parent child");
        hub.execute("edge:device-add -k leaf -p child " + LEAF);
        for (String identity : List.of("parent", "child", LEAF)) {
            KEYS.put(identity, SasTokens.keyOf(hub.execute("edge:device-connection-string " + identity)));
        }
        parent.placeBelow(hub, "amqp", hub.amqpPort(), KEYS.get("parent"));
        child.placeBelow(parent, "amqp", parent.amqpPort(), KEYS.get("child"));
        for (EdgeNode node : List.of(parent, child)) {
            EdgeNode above = node == parent ? hub : parent;
            node.karaf().setProperty("io.strata.apiproxy.cfg", "parentProxyPort",
                    Integer.toString(PROXY_PORTS.get(above.deviceId())));
            // their own registries serve /maven/, their metrics /metrics; everything else goes up
            node.karaf().setProperty("io.strata.apiproxy.cfg", "localRoutes", "/maven/,/metrics");
        }
        for (EdgeNode node : List.of(hub, parent, child)) {
            node.karaf().setProperty("io.strata.metrics.cfg", "upstreamIntervalSeconds",
                    Long.toString(HEALTH_INTERVAL.toSeconds()));
        }
        CompletableFuture<Void> parentStarted = CompletableFuture.runAsync(() -> start(parent));
        CompletableFuture<Void> childStarted = CompletableFuture.runAsync(() -> start(child));
        large = writeLargeFile(hub.karaf().home().resolveSibling("blob-upload-50MB.bin"));
        parentStarted.join();
        childStarted.join();
        for (EdgeNode node : List.of(hub, parent, child)) {
            // booted: the registry points each node's resolver at itself once the boot is over
            node.awaitOutput("config:property-list --pid org.ops4j.pax.url.mvn",
                    config -> config.contains("@id=strata-upstream"), TIMEOUT,
                    "the registry did not point the node's Maven resolver at itself");
        }
        https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(pki.trust()).build();
    }

    @AfterClass
    public static void stopTheTree() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {child, parent, hub, remote}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        if (large != null) {
            Files.deleteIfExists(large);
        }
    }

    @Test
    public void a1_aLeafBelowTheChildIsAnsweredByTheHubThroughTwoProxies() throws Exception {
        HttpResponse<String> response = awaitStatus(child, "/$strata/status", leafToken(child), 200);
        assertEquals(response.body(), "{\"hostname\":\"hub.strata.test\",\"deviceId\":\"hub\",\"parentHostname\":\"\","
                + "\"client\":\"parent\"}\n", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    public void a2_withoutCredentialsItIs401() throws Exception {
        HttpResponse<String> response = send(child, "/$strata/status", null);
        assertEquals(401, response.statusCode());
        assertEquals("SharedAccessSignature", response.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    public void a3_aWronglySignedTokenIs401() throws Exception {
        String forged = SasTokens.create(child.hostname(), LEAF, Base64.getEncoder().encodeToString(new byte[32]),
                Duration.ofHours(1));
        assertEquals(401, send(child, "/$strata/status", forged).statusCode());
    }

    @Test
    public void a4_anIdentityTheChildDoesNotServeIs403() throws Exception {
        // the leaf's own key, but signed for the hub's resource, and an identity the child does not know
        String elsewhere = SasTokens.create(hub.hostname(), LEAF, KEYS.get(LEAF), Duration.ofHours(1));
        HttpResponse<String> response = send(child, "/$strata/status", elsewhere);
        assertEquals(response.body(), 403, response.statusCode());
        String stranger = SasTokens.create(child.hostname(), "stranger", KEYS.get(LEAF), Duration.ofHours(1));
        assertEquals(403, send(child, "/$strata/status", stranger).statusCode());
    }

    @Test
    public void a5_aPathNobodyServesIs404FromTheTop() throws Exception {
        HttpResponse<String> response = send(child, "/nothing/here", leafToken(child));
        assertEquals(404, response.statusCode());
        assertEquals("No local service serves /nothing/here and this node has no parent to ask\n", response.body());
    }

    @Test
    public void a6_edgeCheckOnTheChildPassesEveryCheckOfItsParent() throws Exception {
        List<String> parentChecks = List.of("parent-reachable", "parent-tls", "parent-link", "parent-proxy",
                "parent-clock", "parent-registry");
        String json = child.awaitOutput("edge:check --output json", report -> parentChecks.stream()
                .allMatch(id -> report.contains("\"id\":\"" + id + "\"") && status(report, id).equals("ok")),
                TIMEOUT, "a check of the child's parent did not pass");
        assertTrue(json, json.contains("Strata artifact registry"));
    }

    /** The status of a check in edge:check's JSON report. */
    private static String status(String json, String id) {
        return json.replaceAll("(?s).*\"id\":\"" + id + "\",\"description\":\"[^\"]*\",\"status\":\"([a-z]+)\".*",
                "$1");
    }

    @Test
    public void b1_aLeafBelowTheChildUploadsBlobsThroughBothProxiesAndTheHubHasTheSameBytes() throws Exception {
        BlobContainerClient container = awaitContainer(blobClient(child, leafToken(child)));

        container.getBlobClient("camera/clip.bin").uploadFromFile(large.toString(), new ParallelTransferOptions()
                .setBlockSizeLong(4L * 1024 * 1024).setMaxSingleUploadSizeLong(4L * 1024 * 1024)
                .setMaxConcurrency(2), null, null, null, null, TIMEOUT);
        container.getBlobClient("notes/small.txt").upload(BinaryData.fromString("one put"), true);

        String containers = hub.execute("edge:blobs");
        assertTrue(containers, containers.matches("(?s).*" + CONTAINER + "\\s*\\|\\s*2\\s*\\|\\s*"
                + (LARGE_BYTES + 7) + ".*"));
        String blobs = hub.execute("edge:blobs " + CONTAINER);
        assertTrue(blobs, blobs.contains("camera/clip.bin") && blobs.contains(Long.toString(LARGE_BYTES))
                && blobs.contains("notes/small.txt"));

        BlobContainerClient top = blobClient(hub, leafToken(hub)).getBlobContainerClient(CONTAINER);
        assertEquals(List.of("camera/clip.bin", "notes/small.txt"),
                top.listBlobs().stream().map(BlobItem::getName).toList());
        DigestStream downloaded = new DigestStream();
        top.getBlobClient("camera/clip.bin").downloadStream(downloaded);
        assertEquals(largeSha256, HexFormat.of().formatHex(downloaded.digest.digest()));
        assertEquals("one put", top.getBlobClient("notes/small.txt").downloadContent().toString());
    }

    @Test
    public void b2_theHubHasTheChildUploadItsSupportBundleAndLogsThroughBothProxiesWithAContainerSas()
            throws Exception {
        String sasUrl = hub.execute("edge:blob-sas --hours 1 support").strip();
        assertTrue(sasUrl, sasUrl.startsWith("https://$upstream:443/" + ACCOUNT + "/support?") && sasUrl.contains("sig="));
        String agent = "'" + child.deviceId() + "/$edgeAgent'";

        String bundleTask = startUpload(agent, "UploadSupportBundle", "{\"schemaVersion\":\"1.0\",\"sasUrl\":\""
                + sasUrl + "\",\"since\":\"1d\"}");
        awaitCompleted(agent, bundleTask);
        String logsTask = startUpload(agent, "UploadModuleLogs", "{\"schemaVersion\":\"1.0\",\"sasUrl\":\""
                + sasUrl + "\",\"items\":[{\"id\":\"edgeAgent\",\"filter\":{\"regex\":\"UploadSupportBundle\"}}],"
                + "\"encoding\":\"none\",\"contentType\":\"text\"}");
        awaitCompleted(agent, logsTask);

        String listed = hub.execute("edge:blobs support");
        assertTrue(listed, listed.matches("(?s).*child/support-bundle-\\d{4}-\\d{2}-\\d{2}--\\d{2}-\\d{2}-\\d{2}\\.zip.*")
                && listed.matches("(?s).*child/edgeAgent-[-\\d]+\\.log.*"));
        BlobContainerClient top = blobClient(hub, leafToken(hub)).getBlobContainerClient("support");
        Map<String, String> zip = new HashMap<>();
        for (BlobItem item : top.listBlobs()) {
            byte[] content = top.getBlobClient(item.getName()).downloadContent().toBytes();
            if (item.getName().endsWith(".zip")) {
                zip.putAll(zipEntries(content));
            } else {
                String lines = new String(content, StandardCharsets.UTF_8);
                assertTrue(lines, lines.contains("UploadSupportBundle to https://$upstream:443/" + ACCOUNT
                        + "/support completed"));
                assertTrue(lines, lines.contains(" - io.strata.agent - "));
            }
        }
        String node = zip.get("settings/io.strata.node.cfg");
        assertTrue(zip.keySet().toString(), node != null && zip.containsKey("checks.json")
                && zip.containsKey("logs/karaf.log"));
        assertTrue(node, node.contains(parent.hostname())
                && node.matches("(?s).*upstreamSharedAccessKey\\s*=\\s*<removed>.*"));
        assertFalse("the child's key left the node", String.join("\n", zip.values()).contains(KEYS.get("child")));
    }

    @Test
    public void b3_theHubUploadsItsOwnSupportBundleToItsOwnBlobStorageWithTheSameSas() throws Exception {
        String sasUrl = hub.execute("edge:blob-sas --hours 1 support").strip();
        String agent = "'" + hub.deviceId() + "/$edgeAgent'";

        awaitCompleted(agent, startUpload(agent, "UploadSupportBundle", "{\"schemaVersion\":\"1.0\",\"sasUrl\":\""
                + sasUrl + "\",\"since\":\"1h\"}"));

        String listed = hub.execute("edge:blobs support");
        assertTrue(listed, listed.matches("(?s).*hub/support-bundle-\\d{4}-\\d{2}-\\d{2}--\\d{2}-\\d{2}-\\d{2}\\.zip.*"));
    }

    /** Invokes an upload method at the hub and answers the task's correlation id. */
    private static String startUpload(String agent, String method, String payload) throws Exception {
        String started = hub.execute("edge:method-invoke --timeout 30 " + agent + " " + method + " '" + payload + "'");
        assertTrue(started, started.contains("Status: 200") && started.matches("(?s).*\"status\":\"(NotStarted|Running)\".*"));
        Matcher id = Pattern.compile("\"correlationId\":\"([-0-9a-f]+)\"").matcher(started);
        assertTrue(started, id.find());
        return id.group(1);
    }

    private static void awaitCompleted(String agent, String correlationId) throws Exception {
        String status = hub.awaitOutput("edge:method-invoke --timeout 30 " + agent + " GetTaskStatus "
                + "'{\"schemaVersion\":\"1.0\",\"correlationId\":\"" + correlationId + "\"}'",
                output -> !output.contains("\"status\":\"NotStarted\"") && !output.contains("\"status\":\"Running\""),
                TIMEOUT, "the child's upload task " + correlationId + " did not end");
        assertTrue(status, status.contains("\"status\":\"Completed\""));
    }

    private static Map<String, String> zipEntries(byte[] zip) throws IOException {
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    @Test
    public void c1_aManifestSetAtTheHubInstallsOnTheChildAModuleOnlyTheHubsRemoteHasThroughBothProxies()
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
    public void c2_withTheRemoteStoppedTheParentInstallsTheSameFromItsCache() throws Exception {
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
    public void c3_theChildsMetricsThroughItsProxyCountTheTelemetryOfItsLeaf() throws Exception {
        Routes.deploy(hub.karaf(), hub.deviceId(), UPSTREAM);
        Routes.deploy(hub.karaf(), parent.deviceId(), UPSTREAM);
        // the leaf's telemetry on a route of its own, so that the nodes' health reports do not count there
        Routes.deploy(hub.karaf(), child.deviceId(), """
                {"schemaVersion": "1.1", "routes": {
                 "leaf": "FROM /messages/* WHERE $connectionDeviceId = \\"%s\\" INTO $upstream",
                 "modules": "FROM /messages/modules/* INTO $upstream"}}""".formatted(LEAF));
        Routes.awaitRoutes(hub.karaf(), 1);
        Routes.awaitRoutes(parent.karaf(), 1);
        Routes.awaitRoutes(child.karaf(), 2);
        String before = awaitStatus(child, "/metrics", leafToken(child), 200).body();
        double matchedBefore = metric(before, "strata_route_matched_total", "route=\"leaf\"");
        double sentBefore = metric(before, "edgehub_messages_sent_total", "to=\"upstream\"");

        MqttClient leaf = child.connect(LEAF, KEYS.get(LEAF), pki.trust(), TIMEOUT);
        try {
            for (int n = 0; n < TELEMETRY_MESSAGES; n++) {
                leaf.publish("devices/" + LEAF + "/messages/events/%24.ct=application%2Fjson&%24.ce=utf-8",
                        ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8), 1, false);
            }
        } finally {
            EdgeHubClients.close(leaf);
        }

        HttpResponse<String> after = awaitMetrics(child, text -> metric(text, "strata_route_matched_total",
                "route=\"leaf\"") == matchedBefore + TELEMETRY_MESSAGES
                && metric(text, "edgehub_messages_sent_total", "to=\"upstream\"") >= sentBefore + TELEMETRY_MESSAGES,
                "the leaf's telemetry in the child's metrics");
        assertTrue(after.headers().firstValue("Content-Type").orElseThrow(),
                after.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        String text = after.body();
        assertTrue(text, text.contains("edge_device=\"child\""));
        assertTrue(text, text.contains("iothub=\"parent.strata.test\""));
        assertTrue(text, metric(text, "edgehub_queue_length", "endpoint=\"$upstream\"") >= 0);
        assertEquals(text, 1.0, metric(text, "strata_upstream_connected", "parent=\"parent.strata.test\""), 0);
        assertTrue(text, metric(text, "jvm_memory_used_bytes", "area=\"heap\"") > 0);
        assertEquals("a foreign identity may not read the child's metrics", 403, send(child, "/metrics",
                SasTokens.create(child.hostname(), "stranger", KEYS.get(LEAF), Duration.ofHours(1))).statusCode());
    }

    @Test
    public void c4_edgeTopologyAtTheHubShowsTheChildTwoLevelsDownWithItsLastSeenHealth() throws Exception {
        Pattern parentRow = Pattern.compile("(?m)^parent +\\| edge +\\| Connected +\\| amqp .*\\| queued \\d+, "
                + "upstream CONNECTED, \\d+ clients, 0 failed modules, \\d+ s ago");
        Pattern childRow = Pattern.compile("(?m)^  child +\\| edge +\\| Connected .*\\| queued \\d+, "
                + "upstream CONNECTED, \\d+ clients, 0 failed modules, (\\d+) s ago");
        Pattern leafRow = Pattern.compile("(?m)^    " + LEAF + " +\\| leaf ");

        String topology = hub.awaitOutput("edge:topology", output -> parentRow.matcher(output).find()
                && childRow.matcher(output).find() && leafRow.matcher(output).find(), TIMEOUT,
                "edge:topology at the hub does not show the child two levels down with its health");

        Matcher child = childRow.matcher(topology);
        assertTrue(topology, child.find());
        assertTrue("the child's last report is fresh: " + topology,
                Integer.parseInt(child.group(1)) <= 10 * HEALTH_INTERVAL.toSeconds());
        assertTrue(topology, topology.contains("Health:   queued "));
    }

    @Test
    public void c5_theChildsMetricsCountTwinsMethodsModuleRestartsAndRefusedClients() throws Exception {
        // each counter with the label of the sample that must move
        Map<String, String> counters = Map.of(
                "edgehub_gettwin_total", "id=\"" + LEAF + "\"",
                "edgehub_reported_properties_total", "id=\"" + LEAF + "\"",
                "edgehub_direct_methods_total", "to=\"child/$edgeAgent\"",
                "edgehub_client_connect_failed_total", "reason=\"wrong_signature\"",
                "edgeAgent_module_start_total", "module_name=\"widget\"",
                "edgeAgent_module_stop_total", "module_name=\"widget\"");
        String before = awaitStatus(child, "/metrics", leafToken(child), 200).body();

        MqttClient leaf = child.connect(LEAF, KEYS.get(LEAF), pki.trust(), TIMEOUT);
        try {
            BlockingQueue<String> answers = new LinkedBlockingQueue<>();
            leaf.subscribe("$iothub/twin/res/#", 1, (topic, message) -> answers.add(topic));
            leaf.publish("$iothub/twin/GET/?$rid=get-1", new byte[0], 1, false);
            leaf.publish("$iothub/twin/PATCH/properties/reported/?$rid=patch-1",
                    "{\"lens\":\"clean\"}".getBytes(StandardCharsets.UTF_8), 1, false);
            for (String rid : List.of("get-1", "patch-1")) {
                String answer = answers.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertTrue("the twin answer to " + rid + ": " + answer, answer != null && answer.contains("$rid=" + rid));
            }
        } finally {
            EdgeHubClients.close(leaf);
        }
        String restarted = hub.execute("edge:method-invoke --timeout 30 '" + child.deviceId()
                + "/$edgeAgent' RestartModule '{\"schemaVersion\":\"1.0\",\"id\":\"widget\"}'");
        assertTrue(restarted, restarted.contains("Status: 200"));
        try {
            EdgeHubClients.close(new EdgeHubClients(child.karaf(), child.hostname(), child.mqttPort()).connect(
                    "ssl://127.0.0.1:" + child.mqttPort(), pki.trust(), LEAF,
                    SasTokens.create(child.hostname(), LEAF, KEYS.get("child"), Duration.ofHours(1)), true));
            throw new AssertionError("the leaf connected with the child's key");
        } catch (MqttException refused) {
            // what the counter counts
        }

        String after = awaitMetrics(child, text -> counters.entrySet().stream().allMatch(counter -> metric(text,
                counter.getKey(), counter.getValue()) > metric(before, counter.getKey(), counter.getValue())),
                "the twin, method, module and refused client counters").body();
        assertTrue(after, sample(after, "edgehub_gettwin_total", "id=\"" + LEAF + "\"").contains("source=\"edge_hub\""));
        assertTrue("the hub's call reached the child from upstream: " + after,
                sample(after, "edgehub_direct_methods_total", "to=\"child/$edgeAgent\"").contains("from=\"upstream\""));
        assertTrue(after, sample(after, "edgehub_client_connect_failed_total", "reason=\"wrong_signature\"")
                .contains("id=\"" + LEAF + "\""));
        assertTrue(after, sample(after, "edgeAgent_module_start_total", "module_name=\"widget\"")
                .contains("module_version=\"1.0\""));
    }

    @Test
    public void d1_withTheHubGoneTheParentSays502ToTheLeafBelowTheChild() throws Exception {
        hub.karaf().stop();
        // taken once it has stopped: a health report can still arrive while it stops
        hubStopped = Instant.now();
        HttpResponse<String> response = send(child, "/$strata/status", leafToken(child));
        assertEquals(502, response.statusCode());
        assertTrue(response.body(), response.body().startsWith("The parent's proxy hub.strata.test at 127.0.0.1:"));
    }

    @Test
    public void d2_withTheParentStoppedTooTheChildInstallsTheBundleAgainFromItsConnectedRegistry() throws Exception {
        parent.karaf().stop();
        child.execute("bundle:uninstall " + BUNDLE);
        // the resolver's own copy must not answer in the registry's place
        deleteRecursively(child.home().resolve("data/repository/" + GROUP_PATH));

        child.execute("bundle:install -s mvn:io.strata.itests/widget/1.0");

        child.awaitOutput("bundle:list -s", list -> active(list, BUNDLE), TIMEOUT,
                "the widget bundle did not come back on the child from its connected registry");
        assertTrue("the child's resolver fetched it again", Files.exists(localCopy(child)));
    }

    @Test
    public void d3_theHubStartedAgainWithTheTreeBelowGoneStillShowsTheChildsLastSeenHealthAndItsAge()
            throws Exception {
        hub.karaf().start();
        long downForSeconds = Duration.between(hubStopped, Instant.now()).toSeconds();
        Pattern childRow = Pattern.compile("(?m)^  child +\\| edge +\\|.*\\| queued \\d+, upstream CONNECTED, \\d+ "
                + "clients, 0 failed modules, (\\d+) (s|min) ago");

        String topology = hub.awaitOutput("edge:topology", output -> childRow.matcher(output).find(), TIMEOUT,
                "edge:topology at the restarted hub does not show the child's last-seen health");

        Matcher child = childRow.matcher(topology);
        assertTrue(topology, child.find());
        long ageAtMost = (Long.parseLong(child.group(1)) + 1) * (child.group(2).equals("min") ? 60 : 1);
        assertTrue("the report is the one from before the hub stopped " + downForSeconds + " s ago: " + topology,
                ageAtMost >= downForSeconds);
    }

    private static String leafToken(EdgeNode node) {
        return SasTokens.create(node.hostname(), LEAF, KEYS.get(LEAF), Duration.ofHours(1));
    }

    private static HttpResponse<String> awaitStatus(EdgeNode node, String path, String token, int status)
            throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            HttpResponse<String> response = null;
            try {
                response = send(node, path, token);
                if (response.statusCode() == status) {
                    return response;
                }
            } catch (IOException notListeningYet) {
                // the proxy starts with the node's certificates
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(path + " on " + node.deviceId() + " did not answer " + status + " within "
                        + TIMEOUT + ": " + (response == null ? "no answer" : response.statusCode() + " "
                        + response.body()) + ", see " + node.log());
            }
            Thread.sleep(1000);
        }
    }

    /** Scrapes a node's /metrics as the leaf until the text satisfies the condition. */
    private static HttpResponse<String> awaitMetrics(EdgeNode node, Predicate<String> condition, String what)
            throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            HttpResponse<String> response = send(node, "/metrics", leafToken(node));
            if (response.statusCode() == 200 && condition.test(response.body())) {
                return response;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + what + " within " + TIMEOUT + ": " + response.statusCode() + "\n"
                        + response.body());
            }
            Thread.sleep(1000);
        }
    }

    /** The sum of a metric's samples that carry the label, 0 when there is none. */
    private static double metric(String text, String name, String label) {
        return text.lines().filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** The first sample line of a metric that carries the label, empty when there is none. */
    private static String sample(String text, String name, String label) {
        return text.lines().filter(line -> line.startsWith(name + "{") && line.contains(label)).findFirst().orElse("");
    }

    private static HttpResponse<String> send(EdgeNode node, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                + PROXY_PORTS.get(node.deviceId()) + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", token);
        }
        return https.send(request.build(), BodyHandlers.ofString());
    }

    private static BlobContainerClient awaitContainer(BlobServiceClient service) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            try {
                return service.createBlobContainer(CONTAINER);
            } catch (RuntimeException notThereYet) {
                // the proxies start with their nodes' certificates, the parent's link follows
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("The blob storage did not answer through the child within " + TIMEOUT
                            + ", see " + hub.log() + ", " + parent.log() + " and " + child.log(), notThereYet);
                }
            }
            Thread.sleep(2000);
        }
    }

    private static BlobServiceClient blobClient(EdgeNode node, String proxyToken) throws Exception {
        SSLContext trust = pki.trust();
        com.azure.core.http.HttpClient http = new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient
                .create().secure(tls -> tls.sslContext(new JdkSslContext(trust, true, ClientAuth.NONE))))
                .responseTimeout(Duration.ofMinutes(2)).build();
        return new BlobServiceClientBuilder()
                .endpoint("https://127.0.0.1:" + PROXY_PORTS.get(node.deviceId()) + "/" + ACCOUNT)
                .credential(new StorageSharedKeyCredential(ACCOUNT, accountKey))
                .httpClient(http)
                .addPolicy((context, next) -> {
                    context.getHttpRequest().setHeader(HttpHeaderName.fromString("Proxy-Authorization"), proxyToken);
                    return next.process();
                })
                .buildClient();
    }

    private static void start(EdgeNode node) {
        try {
            node.karaf().start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start " + node.deviceId(), e);
        }
    }

    /** 50 MB of seeded random bytes, written in pieces; its SHA-256 is kept in {@link #largeSha256}. */
    private static Path writeLargeFile(Path file) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        Random random = new Random(16);
        byte[] piece = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < LARGE_BYTES; written += piece.length) {
                random.nextBytes(piece);
                out.write(piece);
                sha256.update(piece);
            }
        }
        largeSha256 = HexFormat.of().formatHex(sha256.digest());
        return file;
    }

    private static Path localCopy(EdgeNode node) {
        return node.home().resolve("data/repository/" + JAR);
    }

    private static boolean active(String bundleList, String symbolicName) {
        return bundleList.lines().anyMatch(line -> line.contains(symbolicName) && line.contains("Active"));
    }

    private static String childManifest() {
        return Deployments.manifest("""
                "widget": {"version": "1.0", "type": "karaf-feature", "status": "running", "restartPolicy": "always",
                  "settings": {"repository": "https://$upstream:443/maven/%s", "feature": "widget"}}""".formatted(FEATURES),
                """
                {"schemaVersion": "1.1", "routes": {}}""", "");
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
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Takes a download's bytes into its SHA-256 only. */
    private static final class DigestStream extends OutputStream {

        final MessageDigest digest;

        DigestStream() throws Exception {
            digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }
    }
}
