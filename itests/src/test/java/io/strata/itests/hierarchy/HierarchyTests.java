package io.strata.itests.hierarchy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.strata.itests.support.EdgeHubClients;
import io.strata.itests.support.ModuleMessages;
import io.strata.itests.support.Routes;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.AfterClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * A nested hierarchy of three real nodes, hub → parent → child, each on its own ports, with one root CA
 * and a device CA per node. Identities are registered at the hub only; the lower nodes learn them, their
 * routes and their deployments through the upstream links. A leaf device connects to the child. The
 * tests build on one another (routes, then a deployment, then an outage), so they run in name order.
 * Each subclass links the nodes with one upstream protocol.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public abstract class HierarchyTests {

    private static final String LEAF = "sensor-1";
    private static final String OBSERVER = "child/observer";
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(180);
    private static final int TELEMETRY_MESSAGES = 20;
    private static final int OUTAGE_MESSAGES = 50;
    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([^\"]+)\"");
    private static final Pattern BODY_ID = Pattern.compile("\\{\"id\":\"([^\"]+)\"");
    private static final String UPSTREAM = """
            {"schemaVersion": "1.1", "routes": {"upstream": "FROM /messages/* INTO $upstream"}}""";
    private static final String LEAF_TO_OBSERVER = "FROM /messages/* WHERE NOT IS_DEFINED($connectionModuleId) "
            + "INTO BrokeredEndpoint(\\\"/modules/observer/inputs/local\\\")";

    private static EdgeNode hub;
    static EdgeNode parent;
    static EdgeNode child;
    private static PkiFixture pki;
    private static String protocol;
    private static ToIntFunction<EdgeNode> portOf;
    /** The primary key of each identity, as the hub's {@code edge:device-connection-string} shows it. */
    private static final Map<String, String> KEYS = new HashMap<>();

    /**
     * Called by each subclass's {@code @BeforeClass}.
     *
     * @param upstreamProtocol how each node reaches its parent
     * @param parentPort       the parent's port for that protocol
     */
    static void startTheTree(String upstreamProtocol, ToIntFunction<EdgeNode> parentPort) throws Exception {
        protocol = upstreamProtocol;
        portOf = parentPort;
        String tree = "hierarchy-" + upstreamProtocol; // each tree's nodes, logs included, in a folder of its own
        hub = EdgeNode.create(tree, "hub", "hub.strata.test");
        parent = EdgeNode.create(tree, "parent", "parent.strata.test");
        child = EdgeNode.create(tree, "child", "child.strata.test");
        hub.karaf().start();
        hub.execute("feature:install strata-hub");

        pki = PkiFixture.createRoot(hub.karaf(), "Strata hierarchy root CA");
        for (EdgeNode node : List.of(hub, parent, child)) {
            pki.install(node);
        }
        hub.awaitOutput("edge:certs", certs -> certs.contains("hub device CA"), TIMEOUT, "no hub device CA");

        hub.execute("edge:device-add -k edge -p hub parent");
        hub.execute("edge:device-add -k edge -p parent child");
        hub.execute("edge:device-add -k leaf -p child " + LEAF);
        hub.execute("edge:module-identity-add child observer");
        for (String identity : List.of("parent", "child", LEAF, OBSERVER)) {
            KEYS.put(identity, SasTokens.keyOf(hub.execute("edge:device-connection-string " + identity)));
        }

        parent.placeBelow(hub, protocol, portOf.applyAsInt(hub), KEYS.get("parent"));
        child.placeBelow(parent, protocol, portOf.applyAsInt(parent), KEYS.get("child"));
        startParentAndChild();
    }

    /**
     * Called by a subclass's {@code @BeforeClass} instead of {@link #startTheTree}: the same tree built from
     * one site file. The hub runs {@code edge:config-bundles} on it (PKI, identities, the child's deployment)
     * and applies its own bundle; the parent and the child are fresh installations whose only step is
     * unpacking their bundle and running its {@code install.sh}.
     *
     * @param childManifest the child's deployment manifest, named in the site file
     * @param childAuth     how the child authenticates at its parent: {@code sas} or {@code x509}
     */
    static void startTheTreeFromASiteFile(String upstreamProtocol, ToIntFunction<EdgeNode> parentPort,
            String childManifest, String childAuth) throws Exception {
        protocol = upstreamProtocol;
        portOf = parentPort;
        String tree = "hierarchy-" + upstreamProtocol;
        hub = EdgeNode.create(tree, "hub", "hub.strata.test");
        parent = EdgeNode.unconfigured(tree, "parent", "parent.strata.test");
        child = EdgeNode.unconfigured(tree, "child", "child.strata.test");
        hub.karaf().start();
        hub.execute("feature:install strata-hub");

        Path siteFolder = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()),
                "hierarchy-site-");
        Files.writeString(siteFolder.resolve("child-manifest.json"), childManifest);
        Path site = siteFolder.resolve("site.yaml");
        Files.writeString(site, """
                pki: {folder: pki, rootCommonName: Strata hierarchy root CA}
                nodes:
                  - name: hub
                    hostname: %s
                    address: 127.0.0.1
                    listeners: {mqtt: %d, amqp: %d}
                    ipAddresses: [127.0.0.1]
                  - name: parent
                    hostname: %s
                    parent: hub
                    protocol: %s
                    address: 127.0.0.1
                    listeners: {mqtt: %d, amqp: %d}
                    ipAddresses: [127.0.0.1]
                  - name: child
                    hostname: %s
                    parent: parent
                    protocol: %s
                    auth: %s
                    listeners: {mqtt: %d, amqp: %d}
                    ipAddresses: [127.0.0.1]
                    deployment: child-manifest.json
                    leafDevices: [%s]
                    modules: [%s]
                """.formatted(hub.hostname(), hub.mqttPort(), hub.amqpPort(), parent.hostname(), protocol,
                parent.mqttPort(), parent.amqpPort(), child.hostname(), protocol, childAuth, child.mqttPort(),
                child.amqpPort(),
                LEAF, OBSERVER.substring(OBSERVER.indexOf('/') + 1)));
        Path bundles = siteFolder.resolve("out");
        String built = hub.execute("edge:config-bundles --root-password site-root-password " + site + " " + bundles);
        assertTrue(built, built.contains("child: deployment set (200"));
        pki = PkiFixture.existing(siteFolder.resolve("pki"));
        for (EdgeNode node : List.of(hub, parent, child)) {
            node.applyConfigBundle(bundles.resolve(node.deviceId() + ".tar.gz"));
        }
        hub.awaitOutput("edge:certs", certs -> certs.contains("hub device CA"), TIMEOUT, "no hub device CA");
        for (String identity : childAuth.equals("x509") ? List.of("parent", LEAF, OBSERVER)
                : List.of("parent", "child", LEAF, OBSERVER)) {
            KEYS.put(identity, SasTokens.keyOf(hub.execute("edge:device-connection-string " + identity)));
        }
        startParentAndChild();
    }

    private static void startParentAndChild() {
        CompletableFuture<Void> parentStarted = start(parent);
        CompletableFuture<Void> childStarted = start(child);
        parentStarted.join();
        childStarted.join();
    }

    @AfterClass
    public static void stopTheTree() throws Exception {
        List<Exception> failures = new ArrayList<>();
        for (EdgeNode node : new EdgeNode[] {child, parent, hub}) {
            if (node != null) {
                try {
                    node.close();
                } catch (Exception e) {
                    failures.add(e);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    @Test
    public void t0_everyNodeRunsOnTheSharedRootAndItsOwnDeviceCa() throws Exception {
        String root = pki.rootThumbprint();
        for (EdgeNode node : List.of(hub, parent, child)) {
            String certs = node.awaitOutput("edge:certs", table -> table.contains(node.deviceId() + " device CA"),
                    TIMEOUT, "the configured device CA is not in use");
            assertFalse(node.deviceId() + ": " + certs, certs.contains("development chain"));
            assertTrue(node.deviceId() + ": " + certs, certs.contains("CN=Strata hierarchy root CA"));
            assertTrue(node.deviceId() + ": the server certificate is named after the hostname: " + certs,
                    certs.contains("CN=" + node.hostname()));
            Matcher rootRow = Pattern.compile("(?m)^ROOT_CA.*\\b([0-9A-F]{64})\\s*$").matcher(certs);
            assertTrue(certs, rootRow.find());
            assertEquals(node.deviceId() + " trusts the hierarchy's root", root, rootRow.group(1));
        }
    }

    @Test
    public void t1_telemetryFromALeafOnTheChildReachesTheHubsEventLogThroughBothLayers() throws Exception {
        Routes.deploy(hub.karaf(), hub.deviceId(), UPSTREAM);
        // The routes of the lower nodes are set at the hub only, in their $edgeHub twins: they flow down.
        Routes.deploy(hub.karaf(), parent.deviceId(), UPSTREAM);
        Routes.deploy(hub.karaf(), child.deviceId(), """
                {"schemaVersion": "1.1", "routes": {"upstream": "FROM /messages/* INTO $upstream",
                 "local": "%s"}}""".formatted(LEAF_TO_OBSERVER));
        Routes.awaitRoutes(hub.karaf(), 1);
        Routes.awaitRoutes(parent.karaf(), 1);
        Routes.awaitRoutes(child.karaf(), 2);

        MqttClient leaf = connectLeaf();
        try {
            for (int n = 0; n < TELEMETRY_MESSAGES; n++) {
                sendTelemetry(leaf, "telemetry-" + n, n);
            }
        } finally {
            EdgeHubClients.close(leaf);
        }

        Set<String> arrived = awaitLeafEventsAtHub("telemetry-", TELEMETRY_MESSAGES, TIMEOUT);
        assertEquals(TELEMETRY_MESSAGES, arrived.size());
    }

    @Test
    public void t2_aManifestSetAtTheHubForTheChildRunsOnTheChildAndItsStatusComesBack() throws Exception {
        Path manifest = hub.home().resolve("child-manifest.json");
        Files.writeString(manifest, childManifest());

        String output = hub.execute("edge:deploy --device " + child.deviceId() + " " + manifest);

        assertTrue(output, output.strip().startsWith("200"));
        child.awaitOutput("edge:modules", modules -> running(modules, "tempSensor") && running(modules, "filtermodule"),
                TIMEOUT, "the modules of the manifest set at the hub do not run");
        String reported = hub.awaitOutput("edge:twin show 'child/$edgeAgent'", twin -> {
            String section = reportedSection(twin);
            return section.contains("\"lastDesiredStatus\":{\"code\":200")
                    && "running".equals(runtimeStatus(section, "tempSensor"))
                    && "running".equals(runtimeStatus(section, "filtermodule"));
        }, TIMEOUT, "the child's $edgeAgent reported properties did not come back to the hub");
        assertTrue(reported, reportedSection(reported).contains("\"deviceHealth\":\"healthy\""));
        // The manifest's routes replaced the earlier ones on the child, and still lead upstream.
        Routes.awaitRoutes(child.karaf(), 4);
    }

    @Test
    public void t3_directMethodsCalledAtTheHubReachTheLeafAndAModuleOnTheChildAndTheirAnswersComeBack()
            throws Exception {
        MqttClient leaf = connectLeaf();
        MqttClient observer = child.connect(OBSERVER, KEYS.get(OBSERVER), pki.trust(), TIMEOUT);
        try {
            assertMethodAnswered(leaf, LEAF, "ping", "{\"from\":\"hub\"}", "{\"pong\":\"sensor-1\"}");
            assertMethodAnswered(observer, "'" + OBSERVER + "'", "status", "{}", "{\"observer\":\"ready\"}");
        } finally {
            EdgeHubClients.close(leaf);
            EdgeHubClients.close(observer);
        }
    }

    @Test
    public void t3b_theChildsAgentAnswersItsMethodsCalledAtTheHub() throws Exception {
        String agent = "'" + child.deviceId() + "/$edgeAgent'";
        hub.awaitOutput("edge:method-invoke --timeout 10 " + agent + " ping", output -> output.contains("Status: 200"),
                TIMEOUT, "the child's $edgeAgent does not answer ping at the hub");

        String before = since(child.execute("edge:modules"), "tempSensor");
        String restart = hub.execute("edge:method-invoke --timeout 30 " + agent + " RestartModule "
                + "'{\"schemaVersion\":\"1.0\",\"id\":\"tempSensor\"}'");
        assertTrue(restart, restart.contains("Status: 200"));
        String after = since(child.execute("edge:modules"), "tempSensor");
        assertNotNull(after);
        assertFalse("tempSensor restarted on the child, so it started anew: " + before + " -> " + after,
                after.equals(before));

        // The restarted sensor logs its settings again: its bundle's line is among the last the hub gets.
        String logs = hub.awaitOutput("edge:method-invoke --timeout 30 " + agent + " GetModuleLogs "
                + "'{\"schemaVersion\":\"1.0\",\"items\":[{\"id\":\"tempSensor\",\"filter\":"
                + "{\"tail\":5,\"regex\":\"sends every\"}}],\"encoding\":\"none\",\"contentType\":\"text\"}'",
                output -> output.contains("Status: 200") && output.split("Sensor tempSensor sends every", -1).length > 2,
                TIMEOUT, "the hub does not get the restarted tempSensor's log lines from the child");
        assertTrue(logs, logs.contains("[{\"id\":\"tempSensor\",\"payload\":\""));
        assertTrue(logs, logs.contains(" - io.strata.sample-tempsensor - "));

        String local = child.execute("edge:module-logs --tail 1 --regex 'sends every' tempSensor");
        assertEquals(local, 1, local.strip().lines().count());
        assertTrue(local, local.contains(" - io.strata.sample-tempsensor - ")
                && local.contains("| Sensor tempSensor sends every"));
    }

    @Test
    public void t4_aChildCutOffFromItsParentKeepsRoutingLocallyAndForwardsAllItQueuedOnceThePathIsBack()
            throws Exception {
        MqttClient observer = child.connect(OBSERVER, KEYS.get(OBSERVER), pki.trust(), TIMEOUT);
        MqttClient leaf = connectLeaf();
        try {
            BlockingQueue<String> local = ModuleMessages.subscribeToInputs(observer, child.deviceId(), "observer");
            parent.karaf().stop();

            // Each publish returns on its PUBACK: the child took every message while cut off.
            leaf.setTimeToWait(20_000);
            for (int n = 0; n < OUTAGE_MESSAGES; n++) {
                sendTelemetry(leaf, "outage-" + n, n);
            }

            Set<String> routedLocally = new TreeSet<>();
            Instant deadline = Instant.now().plusSeconds(60);
            while (routedLocally.size() < OUTAGE_MESSAGES && Instant.now().isBefore(deadline)) {
                String delivery = local.poll(5, TimeUnit.SECONDS);
                Matcher id = delivery == null ? null : BODY_ID.matcher(delivery.substring(delivery.indexOf(' ') + 1));
                if (id != null && id.find() && id.group(1).startsWith("outage-")) {
                    routedLocally.add(id.group(1));
                }
            }
            assertEquals("the leaf-to-module route on the child kept delivering while it was cut off",
                    OUTAGE_MESSAGES, routedLocally.size());
            int depth = upstreamDepth(child);
            assertTrue("the child's $upstream queue holds what it could not forward: " + depth, depth >= OUTAGE_MESSAGES);
            assertTrue("nothing sent during the outage can have reached the hub",
                    leafEventIdsAtHub("outage-").isEmpty());

            parent.karaf().start();

            Set<String> arrived = awaitLeafEventsAtHub("outage-", OUTAGE_MESSAGES, DRAIN_TIMEOUT);
            assertEquals("every message queued on the child reached the hub, none lost", OUTAGE_MESSAGES, arrived.size());
            deadline = Instant.now().plus(TIMEOUT);
            while (upstreamDepth(child) > 0) {
                assertTrue("the child's $upstream queue did not drain:\n" + queuesOrWhy(child), Instant.now().isBefore(deadline));
                Thread.sleep(1000);
            }
        } finally {
            EdgeHubClients.close(leaf);
            EdgeHubClients.close(observer);
        }
    }

    @Test
    public void t5_theChildsConfigurationNamesItsParentAndNothingAboveIt() throws Exception {
        Properties node = new Properties();
        node.load(new StringReader(Files.readString(child.home().resolve("etc/io.strata.node.cfg"))));
        assertEquals(parent.hostname(), node.getProperty("parentHostname").strip());
        assertEquals("127.0.0.1", node.getProperty("parentAddress").strip());
        assertEquals(Integer.toString(portOf.applyAsInt(parent)), node.getProperty("parentPort").strip());
        assertEquals(protocol, node.getProperty("upstreamProtocol").strip());

        Pattern aboveTheParent = Pattern.compile("(?i)" + Pattern.quote(hub.hostname()) + "|\\b" + hub.amqpPort() + "\\b|\\b"
                + hub.mqttPort() + "\\b|device-ca-" + hub.deviceId() + "\\b|root-ca\\.key");
        List<String> mentions = new ArrayList<>();
        try (var files = Files.walk(child.home().resolve("etc"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (aboveTheParent.matcher(file.getFileName().toString()).find()) {
                    mentions.add(file + " (its name)");
                }
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                Matcher mention = aboveTheParent.matcher(text);
                if (mention.find()) {
                    mentions.add(file + ": " + mention.group());
                }
            }
        }
        assertTrue("the child's etc/ knows of the nodes above its parent: " + mentions, mentions.isEmpty());
    }

    @Test
    public void t6_edgeTopologyShowsEachNodeItsParentLinkAndItsChildren() throws Exception {
        Pattern linkUp = Pattern.compile("(?m)^Parent: +" + Pattern.quote(parent.hostname()) + " at 127\\.0\\.0\\.1:"
                + portOf.applyAsInt(parent) + " over " + protocol + ": CONNECTED");
        Pattern leafRow = Pattern.compile("(?m)^" + LEAF + " +\\| leaf +\\| (Connected|Disconnected) +\\| mqtt");
        child.awaitOutput("edge:topology", topology -> linkUp.matcher(topology).find() && leafRow.matcher(topology).find(),
                TIMEOUT, "edge:topology does not show the link to the parent and the leaf");

        Pattern parentRow = Pattern.compile("(?m)^parent +\\| edge +\\| Connected +\\| " + protocol);
        Pattern childBelowIt = Pattern.compile("(?m)^  child +\\| edge +\\| Connected");
        hub.awaitOutput("edge:topology", topology -> topology.contains("top of its tree")
                && parentRow.matcher(topology).find() && childBelowIt.matcher(topology).find(),
                TIMEOUT, "edge:topology at the hub does not show the parent node and the child node below it");
    }

    private static CompletableFuture<Void> start(EdgeNode node) {
        return CompletableFuture.runAsync(() -> {
            try {
                node.karaf().start();
            } catch (Exception e) {
                throw new IllegalStateException(node.deviceId() + " did not start, see " + node.log(), e);
            }
        });
    }

    private static MqttClient connectLeaf() throws Exception {
        return child.connect(LEAF, KEYS.get(LEAF), pki.trust(), TIMEOUT);
    }

    /** QoS 1 telemetry with a message id, returning on the PUBACK; the body carries the id as well. */
    private static void sendTelemetry(MqttClient leaf, String messageId, int n) throws MqttException {
        leaf.publish("devices/" + LEAF + "/messages/events/%24.mid=" + messageId
                        + "&%24.ct=application%2Fjson&%24.ce=utf-8",
                ("{\"id\":\"" + messageId + "\",\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** The distinct message ids with the prefix of the leaf's events in the hub's event log. */
    private static Set<String> leafEventIdsAtHub(String prefix) throws Exception {
        String events = hub.execute("edge:monitor-events --device " + LEAF + " --from-start --timeout 0");
        Set<String> ids = new TreeSet<>();
        events.lines().filter(line -> line.startsWith("{\"event\"")).forEach(line -> {
            assertTrue(line, line.contains("\"origin\":\"" + LEAF + "\""));
            Matcher id = MESSAGE_ID.matcher(line);
            if (id.find() && id.group(1).startsWith(prefix)) {
                ids.add(id.group(1));
            }
        });
        return ids;
    }

    private static Set<String> awaitLeafEventsAtHub(String prefix, int expected, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Set<String> ids = leafEventIdsAtHub(prefix);
        while (ids.size() < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(2000);
            ids = leafEventIdsAtHub(prefix);
        }
        assertEquals("events of " + LEAF + " in the hub's event log (" + prefix + "*) after " + timeout + ": " + ids
                + "\nchild queues:\n" + queuesOrWhy(child) + "\nparent queues:\n" + queuesOrWhy(parent)
                + "\nsee " + child.log() + " and " + parent.log(), expected, ids.size());
        return ids;
    }

    private static int upstreamDepth(EdgeNode node) throws Exception {
        return Integer.parseInt(Routes.queueColumn(node.karaf(), "$upstream", "Depth"));
    }

    private static String queuesOrWhy(EdgeNode node) {
        try {
            return node.execute("edge:queues");
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    /** Invokes a method at the hub; the client answers the request it gets with 200 and the answer. */
    private static void assertMethodAnswered(MqttClient target, String identity, String method, String payload,
            String answer) throws Exception {
        BlockingQueue<String[]> requests = new LinkedBlockingQueue<>();
        target.subscribe("$iothub/methods/POST/#", 1, (topic, message) ->
                requests.add(new String[] {topic, new String(message.getPayload(), StandardCharsets.UTF_8)}));
        CompletableFuture<String> invoked = CompletableFuture.supplyAsync(() -> {
            try {
                return hub.execute("edge:method-invoke --timeout 20 " + identity + " " + method + " '" + payload + "'");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String[] request = requests.poll(30, TimeUnit.SECONDS);
        assertNotNull(identity + " got no " + method + " request from the hub"
                + (invoked.isDone() ? ": " + invoked.join() : ""), request);
        Matcher rid = Pattern.compile("\\$iothub/methods/POST/" + method + "/\\?\\$rid=([^&]+)").matcher(request[0]);
        assertTrue(request[0], rid.matches());
        assertEquals(payload, request[1]);
        // Answered from this thread: Paho must not wait for an acknowledgement inside its callback.
        target.publish("$iothub/methods/res/200/?$rid=" + rid.group(1), answer.getBytes(StandardCharsets.UTF_8), 1, false);
        String output = invoked.get(30, TimeUnit.SECONDS);
        assertTrue(output, output.contains("Status: 200"));
        assertTrue(output, output.contains(answer));
    }

    /** The sample modules of etc/strata-deployment.json.example, with the child's routes. */
    private static String childManifest() {
        return Deployments.manifest("""
                "tempSensor": {"version": "1.0", "type": "karaf-feature", "status": "running", "restartPolicy": "always",
                  "settings": {"feature": "strata-sample-tempsensor", "configurationPid": "io.strata.samples.tempsensor"},
                  "env": {"SendInterval": {"value": 1}, "MessageCount": {"value": 30}}},
                """ + Deployments.FILTER_MODULE, """
                {"schemaVersion": "1.1",
                 "routes": {
                   "sensorToFilter": "FROM /messages/modules/tempSensor/outputs/temperatureOutput INTO BrokeredEndpoint(\\"/modules/filtermodule/inputs/input1\\")",
                   "filterToUpstream": "FROM /messages/modules/filtermodule/outputs/output1 INTO $upstream",
                   "upstream": "FROM /messages/* WHERE NOT IS_DEFINED($connectionModuleId) INTO $upstream",
                   "local": "%s"
                 },
                 "storeAndForwardConfiguration": {"timeToLiveSecs": 7200}}""".formatted(LEAF_TO_OBSERVER),
                Deployments.FILTER_TWIN);
    }

    /** The Since column of a module's row in {@code edge:modules}: when it started, while it runs. */
    private static String since(String modulesTable, String module) {
        return modulesTable.lines().map(line -> line.split("\\|", -1))
                .filter(cells -> cells.length > 5 && cells[0].strip().equals(module))
                .map(cells -> cells[5].strip()).findFirst().orElse(null);
    }

    static boolean running(String modulesTable, String module) {
        return modulesTable.lines().map(line -> line.split("\\|", -1))
                .anyMatch(cells -> cells.length > 2 && cells[0].strip().equals(module) && cells[2].strip().equals("running"));
    }

    /** The reported section of a twin document, without white space. */
    private static String reportedSection(String twin) {
        String compact = twin.replaceAll("\\s", "");
        int reported = compact.indexOf("\"reported\"");
        return reported < 0 ? "" : compact.substring(reported);
    }

    private static String runtimeStatus(String reportedSection, String module) {
        Matcher status = Pattern.compile("\"" + Pattern.quote(module) + "\":\\{.*?\"runtimeStatus\":\"([a-z]+)\"")
                .matcher(reportedSection);
        return status.find() ? status.group(1) : null;
    }
}
