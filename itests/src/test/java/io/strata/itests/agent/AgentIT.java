package io.strata.itests.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.strata.itests.process.KarafNode;
import io.strata.itests.support.EdgeHubClients;
import io.strata.itests.support.ModuleMessages;
import io.strata.itests.support.Routes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The edge agent of a real node, driven as an operator drives it: a manifest dropped in
 * {@code etc/}, then changed manifests through {@code edge:deploy}. The tests build on one another
 * (each deployment replaces the one before), so they run in name order.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class AgentIT {

    private static final String HOSTNAME = "agent-node.test";
    private static final String DEVICE = "agent-node";
    private static final String FEATURES = "mvn:io.strata/strata-features/" + System.getProperty("strata.version")
            + "/xml/features";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static final String JMX_VIEWER = "operator";
    private static final String JMX_VIEWER_PASSWORD = "operator-password";
    private static final ObjectName AGENT_MBEAN = objectName("io.strata:type=agent");
    private static final ObjectName NODE_MBEAN = objectName("io.strata:type=node");

    private static KarafNode node;
    private static EdgeHubClients clients;
    /** The manifest file last deployed with 200. */
    private static Path inForce;

    @BeforeClass
    public static void startNode() throws Exception {
        node = KarafNode.create("agent");
        clients = EdgeHubClients.configure(node, HOSTNAME, DEVICE);
        node.addUser(JMX_VIEWER, JMX_VIEWER_PASSWORD, "viewer");
        node.start();
        node.execute("edge:module-identity-add " + DEVICE + " observer");
    }

    @AfterClass
    public static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void t0_theExampleManifestShippedInEtcRunsSensorToFilterToUpstream() throws Exception {
        Path etc = node.home().resolve("etc");
        Files.copy(etc.resolve("strata-deployment.json.example"), etc.resolve("strata-deployment.json"));

        awaitModules(rows -> running(rows, "tempSensor") && running(rows, "filtermodule"));
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Integer.parseInt(Routes.queueColumn(node, "$upstream", "Depth")) == 0) {
            assertTrue("no alert reached the $upstream queue", Instant.now().isBefore(deadline));
            Thread.sleep(1000);
        }
    }

    @Test
    public void t0b_withTheHubRoleInstalledWhatWaitedForUpstreamReachesTheEventLog() throws Exception {
        node.execute("feature:install strata-hub");

        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Integer.parseInt(Routes.queueColumn(node, "$upstream", "Depth")) > 0) {
            assertTrue("the $upstream queue did not drain into the event log", Instant.now().isBefore(deadline));
            Thread.sleep(1000);
        }
        String events = node.execute("edge:monitor-events --from-start --count 2 --timeout 30 --module filtermodule");
        List<String> lines = events.lines().filter(line -> line.startsWith("{\"event\"")).toList();
        assertEquals(events, 2, lines.size());
        for (String line : lines) {
            assertTrue(line, line.contains("\"origin\":\"" + DEVICE + "\",\"module\":\"filtermodule\""));
            assertTrue(line, line.contains("\"MessageType\":\"Alert\""));
            double temperature = Double.parseDouble(line.replaceAll(".*\"machine\":\\{\"temperature\":([0-9.]+).*", "$1"));
            assertTrue(line, temperature > 25);
        }
    }

    @Test
    public void t1_aReplacedManifestInEtcIsDeployedAndItsMessagesFlow() throws Exception {
        MqttClient observer = clients.connect(DEVICE + "/observer");
        try {
            BlockingQueue<String> alerts = ModuleMessages.subscribeToInputs(observer, DEVICE, "observer");

            Files.writeString(node.home().resolve("etc/strata-deployment.json"), manifest(
                    sensor("tempSensor", "1.0", "0.1", "on-failure") + "," + filter(),
                    "{\"TemperatureThreshold\": 25}"));

            Map<String, List<String>> modules = awaitModules(rows -> running(rows, "tempSensor") && running(rows, "filter")
                    && !rows.containsKey("filtermodule"));
            assertEquals("karaf-feature", modules.get("filter").get(1));
            String alert = alerts.poll(60, TimeUnit.SECONDS);
            assertNotNull("no message above the threshold reached the observer through sensor -> filter", alert);
            assertTrue(alert, alert.contains("/inputs/alerts/"));
            assertTrue(alert, alert.contains("MessageType=Alert"));
            double temperature = Double.parseDouble(alert.replaceAll(".*\"machine\":\\{\"temperature\":([0-9.]+).*", "$1"));
            assertTrue(alert, temperature > 25);
        } finally {
            EdgeHubClients.close(observer);
        }
        String reported = node.execute("edge:twin show '" + DEVICE + "/$edgeAgent'");
        assertTrue(reported, reported.replaceAll("\\s", "").contains("\"lastDesiredStatus\":{\"code\":200"));
        assertTrue(reported, reported.replaceAll("\\s", "").contains("\"runtimeStatus\":\"running\""));
        assertTrue(reported, reported.contains("\"deviceHealth\" : \"healthy\"") || reported.contains("\"deviceHealth\":\"healthy\""));
        String filterTwin = node.execute("edge:twin show '" + DEVICE + "/filter'");
        assertTrue(filterTwin, filterTwin.replaceAll("\\s", "").contains("\"TemperatureThreshold\":25"));
    }

    @Test
    public void t2_aChangedManifestChangesExactlyWhatChanged() throws Exception {
        Map<String, List<String>> before = awaitModules(rows -> running(rows, "filter"));
        String filterBundleBefore = bundleLine("strata-sample-filter");

        deploy(manifest(sensor("tempSensor", "1.0", "0.2", "on-failure") + "," + filter() + ","
                + sensor("tempSensor2", "1.0", "0.5", "on-failure"), "{\"TemperatureThreshold\": 25}"));

        // while its new settings are applied, tempSensor may show another status than running, and no start time
        Map<String, List<String>> after = awaitModules(rows -> running(rows, "tempSensor2") && running(rows, "tempSensor"));
        assertEquals("filter was restarted", since(before, "filter"), since(after, "filter"));
        assertEquals("tempSensor's code was restarted for an env change", since(before, "tempSensor"),
                since(after, "tempSensor"));
        assertEquals(filterBundleBefore, bundleLine("strata-sample-filter"));
        assertTrue(node.execute("config:list '(strata.module.id=tempSensor)'").contains("SendInterval = 0.2"));
        assertTrue(node.execute("config:list '(strata.module.id=tempSensor2)'").contains("SendInterval = 0.5"));

        deploy(manifest(filter() + "," + sensor("tempSensor2", "2.0", "0.5", "on-failure"), "{\"TemperatureThreshold\": 25}"));

        Map<String, List<String>> last = awaitModules(rows -> running(rows, "tempSensor2") && !rows.containsKey("tempSensor"));
        assertEquals("2.0", last.get("tempSensor2").get(3));
        assertNotEquals("tempSensor2 was not restarted for its new version", since(after, "tempSensor2"),
                since(last, "tempSensor2"));
        assertEquals("filter was restarted", since(before, "filter"), since(last, "filter"));
        assertFalse("the removed module keeps its configuration",
                node.execute("config:list '(strata.module.id=tempSensor)'").contains("SendInterval"));
        assertFalse("the removed module keeps its identity",
                node.execute("edge:devices").contains(DEVICE + "/tempSensor "));
    }

    @Test
    public void t3_aModuleThatThrowsOnActivationIsRestartedPerPolicyAndCounted() throws Exception {
        Map<String, List<String>> before = awaitModules(rows -> running(rows, "filter"));

        deploy(manifest(filter() + "," + sensor("tempSensor2", "2.0", "0.5", "on-failure") + ","
                + sensor("broken", "1.0", "not-a-number", "on-failure"), "{\"TemperatureThreshold\": 25}"));

        Map<String, List<String>> rows = awaitModules(modules -> modules.containsKey("broken")
                && Integer.parseInt(modules.get("broken").get(4)) >= 2);
        List<String> broken = rows.get("broken");
        assertTrue(broken.toString(), List.of("backoff", "failed").contains(broken.get(2)));
        assertTrue(broken.toString(), broken.get(6).contains("SendInterval"));
        assertTrue(running(rows, "tempSensor2"));
        assertEquals("a sibling's restarts restarted filter", since(before, "filter"), since(rows, "filter"));
        String reported = node.execute("edge:twin show '" + DEVICE + "/$edgeAgent'").replaceAll("\\s", "");
        assertTrue(reported, reported.contains("\"deviceHealth\":\"unhealthy\""));
        Matcher restarts = Pattern.compile("\"broken\":\\{.*?\"restartCount\":([0-9]+)")
                .matcher(reported.substring(reported.indexOf("\"reported\"")));
        assertTrue(reported, restarts.find() && Integer.parseInt(restarts.group(1)) >= 2);
    }

    @Test
    public void t4_aBadManifestLeavesTheRunningModulesAloneAndReports400() throws Exception {
        Map<String, List<String>> before = awaitModules(rows -> running(rows, "filter"));
        Path bad = node.home().resolve("bad-manifest.json");
        Files.writeString(bad, manifest(filter().replace("\"karaf-feature\"", "\"docker\""), "{}"));

        String output = node.executeExpectingFailure("edge:deploy " + bad);

        assertTrue(output, output.contains("400") && output.contains("modules.filter.type"));
        Map<String, List<String>> after = awaitModules(rows -> running(rows, "filter"));
        assertEquals(before.keySet(), after.keySet());
        assertEquals(since(before, "filter"), since(after, "filter"));
        String reported = node.execute("edge:twin show '" + DEVICE + "/$edgeAgent'").replaceAll("\\s", "");
        assertTrue(reported, reported.contains("\"lastDesiredStatus\":{\"code\":400"));
    }

    @Test
    public void t4b_theManifestInForceDeployedAgainAfterARefusedOneReportsTheStateInForce() throws Exception {
        String output = node.execute("edge:deploy " + inForce);

        assertTrue(output, output.startsWith("200"));
        String reported = node.execute("edge:twin show '" + DEVICE + "/$edgeAgent'").replaceAll("\\s", "");
        assertTrue(reported, reported.contains("\"lastDesiredStatus\":{\"code\":200"));
    }

    @Test
    public void t4c_aManifestWhoseRoutesDoNotCompileIsRefusedWith400BeforeAnythingChanges() throws Exception {
        Map<String, List<String>> before = awaitModules(rows -> running(rows, "filter"));
        String edgeHubBefore = node.execute("edge:twin show '" + DEVICE + "/$edgeHub'");
        Path bad = node.home().resolve("bad-routes-manifest.json");
        Files.writeString(bad, manifest(filter(), "{}").replace("INTO $upstream", "WHERE none or true INTO $upstream"));

        String output = node.executeExpectingFailure("edge:deploy " + bad);

        assertTrue(output, output.contains("400") && output.contains("route 'filterToUpstream'")
                && output.contains("line 1:58") && output.contains("invalid operands to 'or'"));
        assertEquals(edgeHubBefore, node.execute("edge:twin show '" + DEVICE + "/$edgeHub'"));
        Map<String, List<String>> after = awaitModules(rows -> running(rows, "filter"));
        assertEquals(before.keySet(), after.keySet());
        assertEquals(since(before, "filter"), since(after, "filter"));
    }

    @Test
    public void t5_aFeatureThatCannotBeInstalledFails500AndUndoesTheRestOfTheDeployment() throws Exception {
        Map<String, List<String>> before = awaitModules(rows -> running(rows, "filter"));
        Path unknown = node.home().resolve("unknown-feature.json");
        Files.writeString(unknown, manifest(filter() + "," + sensor("extra", "1.0", "1", "always") + ","
                + sensor("missing", "1.0", "1", "always").replace("strata-sample-tempsensor", "no-such-feature"), "{}"));

        String output = node.executeExpectingFailure("edge:deploy " + unknown);

        assertTrue(output, output.contains("500") && output.contains("no-such-feature"));
        // The module installed before the failure goes, and so do both identities. The agent tries the deployment
        // again from 10 s after the failure (t5b), installing and undoing it each time: on a slow machine a check
        // can fall into such a retry, so the undone state is awaited between them.
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!deploymentUndone(DEVICE + "/extra", DEVICE + "/missing")) {
            assertTrue("the module installed before the failure, or an identity of the deployment, stayed",
                    Instant.now().isBefore(deadline));
            Thread.sleep(500);
        }
        Map<String, List<String>> after = awaitModules(rows -> rows.keySet().equals(before.keySet()) && running(rows, "filter"));
        assertEquals(since(before, "filter"), since(after, "filter"));
    }

    @Test
    public void t5b_aDeploymentThatFailedIsTriedAgainAndAppliedOnceItsCauseIsGone() throws Exception {
        Path repository = node.home().resolve("late-features.xml"); // not there yet
        Path manifest = node.home().resolve("late.json");
        Files.writeString(manifest, manifest(filter() + "," + sensor("late", "1.0", "1", "always")
                .replace(FEATURES, repository.toUri().toString())
                .replace("\"feature\": \"strata-sample-tempsensor\"", "\"feature\": \"late-sensor\""), "{}"));
        String output = node.executeExpectingFailure("edge:deploy " + manifest);
        assertTrue(output, output.contains("500") && output.contains("late-sensor"));

        Files.writeString(repository, """
                <features name="late" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                  <feature name="late-sensor" version="1.0"><feature>strata-sample-tempsensor</feature><bundle>%s</bundle></feature>
                </features>
                """.formatted(FEATURES.replace("strata-features", "strata-sample-tempsensor").replace("/xml/features", "")));

        // the agent tries the same desired properties again (10 s after the failure), with no new deployment
        awaitModules(rows -> running(rows, "late") && running(rows, "filter"));
        String deployment = node.execute("edge:deployment");
        assertTrue(deployment, deployment.lines().anyMatch(line -> line.startsWith("Status:") && line.contains(" 200 ")));
        inForce = manifest;
    }

    @Test
    public void t6_aModuleRestartedFromTheShellStartsAgainWithoutCountingAsAPolicyRestart() throws Exception {
        Map<String, List<String>> before = awaitModules(rows -> running(rows, "filter"));

        String output = node.execute("edge:module-restart filter");

        assertTrue(output, output.contains("filter: running"));
        Map<String, List<String>> after = awaitModules(rows -> running(rows, "filter"));
        assertNotEquals(since(before, "filter"), since(after, "filter"));
        assertEquals("0", after.get("filter").get(4));
    }

    @Test
    public void t6b_overJmxAViewerReadsTheModulesAndIsRefusedARestartThatAnAdminMayRun() throws Exception {
        Map<String, List<String>> before = awaitModules(rows -> running(rows, "filter"));
        try (JMXConnector viewer = jmx(JMX_VIEWER, JMX_VIEWER_PASSWORD)) {
            MBeanServerConnection server = viewer.getMBeanServerConnection();
            assertEquals("top", server.getAttribute(NODE_MBEAN, "Role"));
            assertEquals(DEVICE, server.getAttribute(NODE_MBEAN, "DeviceId"));
            CompositeData[] modules = (CompositeData[]) server.getAttribute(AGENT_MBEAN, "Modules");
            assertTrue(Arrays.toString(modules), Arrays.stream(modules)
                    .anyMatch(module -> module.get("name").equals("filter") && module.get("runtimeStatus").equals("running")));
            assertThrows(SecurityException.class, () -> restartOverJmx(server, "filter"));
        }
        assertEquals("the refused restart did not happen", since(before, "filter"),
                since(awaitModules(rows -> running(rows, "filter")), "filter"));

        try (JMXConnector admin = jmx(KarafNode.USER, KarafNode.PASSWORD)) {
            assertEquals("running", restartOverJmx(admin.getMBeanServerConnection(), "filter"));
        }
        Map<String, List<String>> after = awaitModules(rows -> running(rows, "filter"));
        assertNotEquals(since(before, "filter"), since(after, "filter"));
    }

    private static Object restartOverJmx(MBeanServerConnection server, String module) throws Exception {
        return server.invoke(AGENT_MBEAN, "restartModule", new Object[] {module}, new String[] {String.class.getName()});
    }

    private static JMXConnector jmx(String user, String password) throws Exception {
        return JMXConnectorFactory.connect(new JMXServiceURL(node.jmxServiceUrl()),
                Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    public void t7_afterANodeRestartTheSameModulesRunAndTheDeploymentStatusIsTheSame() throws Exception {
        Map<String, List<String>> before = awaitModules(rows -> running(rows, "filter"));
        // After the restart the agent finds the desired properties it applied (t5b) and keeps them.
        List<String> deployment = node.execute("edge:deployment").lines().limit(3).toList();

        node.stop();
        node.start();

        Map<String, List<String>> after = awaitModules(rows -> rows.keySet().equals(before.keySet())
                && rows.values().stream().allMatch(row -> row.get(2).equals(before.get(row.get(0)).get(2))));
        assertEquals("0", after.get("filter").get(4));
        // the same versions and code; the text says the deployment was applied before this start
        List<String> restarted = node.execute("edge:deployment").lines().limit(3).toList();
        assertEquals(deployment.get(0), restarted.get(0));
        assertEquals(deployment.get(1).split("\\s+")[1], restarted.get(1).split("\\s+")[1]);
        assertEquals(deployment.get(2), restarted.get(2));
    }

    private static String manifest(String modules, String filterDesired) {
        return """
                {"modulesContent": {
                  "$edgeAgent": {"properties.desired": {
                    "schemaVersion": "1.1",
                    "runtime": {"type": "karaf"},
                    "systemModules": {"edgeAgent": {"type": "karaf-feature"}, "edgeHub": {"type": "karaf-feature", "status": "running", "restartPolicy": "always"}},
                    "modules": {%s}}},
                  "$edgeHub": {"properties.desired": {
                    "schemaVersion": "1.1",
                    "routes": {
                      "sensorToFilter": "FROM /messages/modules/tempSensor/outputs/temperatureOutput INTO BrokeredEndpoint(\\"/modules/filter/inputs/input1\\")",
                      "filterToObserver": "FROM /messages/modules/filter/outputs/output1 INTO BrokeredEndpoint(\\"/modules/observer/inputs/alerts\\")",
                      "filterToUpstream": "FROM /messages/modules/filter/outputs/output1 INTO $upstream"
                    },
                    "storeAndForwardConfiguration": {"timeToLiveSecs": 7200}}},
                  "filter": {"properties.desired": %s}
                }}
                """.formatted(modules, filterDesired);
    }

    private static String sensor(String name, String version, String sendInterval, String restartPolicy) {
        return """
                "%s": {"type": "karaf-feature", "version": "%s", "status": "running", "restartPolicy": "%s",
                  "settings": {"repository": "%s", "feature": "strata-sample-tempsensor", "configurationPid": "io.strata.samples.tempsensor"},
                  "env": {"SendInterval": {"value": "%s"}, "MessageCount": {"value": 0}}}
                """.formatted(name, version, restartPolicy, FEATURES, sendInterval);
    }

    private static String filter() {
        return """
                "filter": {"type": "karaf-feature", "version": "1.0", "status": "running", "restartPolicy": "always", "startupOrder": 1,
                  "settings": {"repository": "%s", "feature": "strata-sample-filter", "configurationPid": "io.strata.samples.filter"}}
                """.formatted(FEATURES);
    }

    private static void deploy(String manifest) throws Exception {
        Path file = Files.createTempFile(node.home(), "manifest", ".json");
        Files.writeString(file, manifest);
        String output = node.execute("edge:deploy " + file);
        assertTrue(output, output.startsWith("200"));
        inForce = file;
    }

    private static boolean running(Map<String, List<String>> rows, String module) {
        return rows.containsKey(module) && rows.get(module).get(2).equals("running");
    }

    private static String since(Map<String, List<String>> rows, String module) {
        return rows.get(module).get(5);
    }

    private static boolean deploymentUndone(String... identities) throws Exception {
        if (node.execute("config:list '(strata.module.id=extra)'").contains("strata.module.id")) {
            return false;
        }
        for (String identity : identities) {
            if (!node.outputOf("edge:device-connection-string " + identity).contains("Error executing command")) {
                return false;
            }
        }
        return true;
    }

    /** The line of {@code bundle:list} for a bundle: its id and state show whether it was reinstalled or restarted. */
    private static String bundleLine(String name) throws Exception {
        return node.execute("bundle:list -s -t 0").lines().filter(line -> line.contains(name)).findFirst().orElse("");
    }

    /** Waits until {@code edge:modules}' rows (name -> cells) satisfy the condition, and returns them. */
    private static Map<String, List<String>> awaitModules(Predicate<Map<String, List<String>>> condition) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        String table = "";
        while (Instant.now().isBefore(deadline)) {
            table = node.outputOf("edge:modules"); // right after a node start the agent may not run yet
            Map<String, List<String>> rows = table.lines().skip(2).filter(line -> line.contains("|"))
                    .map(line -> Arrays.stream(line.split("\\|", -1)).map(String::strip).toList())
                    .collect(Collectors.toMap(cells -> cells.get(0), cells -> cells));
            if (condition.test(rows)) {
                return rows;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("edge:modules did not reach the expected state within " + TIMEOUT + ":\n" + table);
    }
}
