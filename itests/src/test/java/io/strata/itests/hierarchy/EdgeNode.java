package io.strata.itests.hierarchy;

import io.strata.itests.StrataContainer;
import io.strata.itests.process.KarafNode;
import io.strata.itests.support.EdgeHubClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * One node of a test hierarchy: a real Karaf process with its hostname, edge device id and listener
 * ports, configured through its {@code etc/} files as the operator of that machine would configure it.
 */
final class EdgeNode implements AutoCloseable {

    private static final Duration TOKEN_TTL = Duration.ofHours(2);

    private final KarafNode karaf;
    private final String deviceId;
    private final String hostname;
    private final int mqttPort;
    private final int amqpPort;

    private EdgeNode(KarafNode karaf, String deviceId, String hostname, int mqttPort, int amqpPort) {
        this.karaf = karaf;
        this.deviceId = deviceId;
        this.hostname = hostname;
        this.mqttPort = mqttPort;
        this.amqpPort = amqpPort;
    }

    /**
     * Unpacks a node that is not started yet: its names, its own MQTT (TLS) and AMQP ports, and a server
     * certificate valid for 127.0.0.1 besides its hostname, so clients dialling the loopback address and
     * child nodes checking the hostname both accept it. Its folder is {@code target/nodes/{tree}-{deviceId}}.
     */
    static EdgeNode create(String tree, String deviceId, String hostname) throws Exception {
        KarafNode karaf = KarafNode.create(tree + "-" + deviceId);
        EdgeNode node = new EdgeNode(karaf, deviceId, hostname, Integer.parseInt(StrataContainer.freePort()),
                Integer.parseInt(StrataContainer.freePort()));
        karaf.setProperty("io.strata.node.cfg", "hostname", hostname);
        karaf.setProperty("io.strata.node.cfg", "deviceId", deviceId);
        karaf.setProperty("io.strata.certs.cfg", "serverCertIpAddresses", "127.0.0.1");
        karaf.setProperty("io.strata.broker.cfg", "tlsPort", Integer.toString(node.mqttPort));
        karaf.setProperty("io.strata.amqp.cfg", "port", Integer.toString(node.amqpPort));
        return node;
    }

    /**
     * Unpacks a node that is not started and not configured as a Strata node yet: only its MQTT (TLS) and
     * AMQP ports are chosen, for the site file that describes it; its config bundle sets them.
     */
    static EdgeNode unconfigured(String tree, String deviceId, String hostname) throws Exception {
        return new EdgeNode(KarafNode.create(tree + "-" + deviceId), deviceId, hostname,
                Integer.parseInt(StrataContainer.freePort()), Integer.parseInt(StrataContainer.freePort()));
    }

    /**
     * Applies the node's config bundle from {@code edge:config-bundles} as its operator would: unpacks the
     * archive beside the installation and runs its {@code install.sh} on it.
     */
    void applyConfigBundle(Path archive) throws Exception {
        Path unpacked = Files.createDirectories(home().resolveSibling("config-bundle"));
        run(List.of("tar", "xzf", archive.toString(), "-C", unpacked.toString()));
        run(List.of(unpacked.resolve(deviceId).resolve("install.sh").toString(), home().toString()));
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(command + " failed:\n" + output);
        }
    }

    /**
     * Names this node's parent as its operator knows it: the parent's hostname (what its certificate
     * says), where to reach it, the protocol and the parent's port for it, and this node's own device
     * key as registered at the hub.
     * Nothing about the nodes above the parent.
     */
    void placeBelow(EdgeNode parent, String protocol, int parentPort, String sharedAccessKey) throws Exception {
        karaf.setProperty("io.strata.node.cfg", "parentHostname", parent.hostname);
        karaf.setProperty("io.strata.node.cfg", "parentAddress", "127.0.0.1");
        karaf.setProperty("io.strata.node.cfg", "parentPort", Integer.toString(parentPort));
        karaf.setProperty("io.strata.node.cfg", "upstreamProtocol", protocol);
        karaf.setProperty("io.strata.node.cfg", ".upstreamSharedAccessKey", sharedAccessKey);
    }

    KarafNode karaf() {
        return karaf;
    }

    String deviceId() {
        return deviceId;
    }

    String hostname() {
        return hostname;
    }

    int mqttPort() {
        return mqttPort;
    }

    int amqpPort() {
        return amqpPort;
    }

    Path home() {
        return karaf.home();
    }

    Path log() {
        return karaf.home().resolve("data/log/karaf.log");
    }

    String execute(String command) throws Exception {
        return karaf.execute(command);
    }

    /**
     * Runs the command until its output satisfies the condition, and returns that output. A command that
     * fails meanwhile (a twin or service that is not there yet) counts as not yet.
     */
    String awaitOutput(String command, Predicate<String> condition, Duration timeout, String what) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String output = "";
        while (true) {
            try {
                output = karaf.execute(command);
                if (condition.test(output)) {
                    return output;
                }
            } catch (IllegalStateException notYet) {
                output = notYet.getMessage();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(deviceId + ": " + what + " within " + timeout + "; '" + command
                        + "' shows:\n" + output + "\nsee " + log());
            }
            Thread.sleep(500);
        }
    }

    /**
     * Connects a device or module ({@code deviceId/moduleId}) to this node's MQTT TLS port with a SAS token
     * made from its key, retrying until the node lets it in (its identity may still be on its way down
     * the tree).
     */
    MqttClient connect(String clientId, String key, SSLContext trust, Duration timeout) throws Exception {
        EdgeHubClients clients = new EdgeHubClients(karaf, hostname, mqttPort);
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                return clients.connect("ssl://127.0.0.1:" + mqttPort, trust, clientId,
                        SasTokens.create(hostname, clientId, key, TOKEN_TTL), true);
            } catch (MqttException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError(clientId + " could not connect to " + deviceId + " (" + hostname + ":"
                            + mqttPort + ") within " + timeout + ", see " + log(), notYet);
                }
                Thread.sleep(1000);
            }
        }
    }

    @Override
    public void close() throws Exception {
        karaf.close();
    }
}
