package io.strata.itests.support;

import io.strata.itests.StrataContainer;
import io.strata.itests.process.KarafNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * MQTT clients of a node's edge hub, connecting as the IoT Hub SDKs do: TLS trusting the node's root
 * CA, the node's hostname in the user name, and a SAS token from the node's shell as password.
 */
public final class EdgeHubClients {

    private static final String API_VERSION = "?api-version=2021-04-12";
    private static final Duration BROKER_START_TIMEOUT = Duration.ofSeconds(60);

    private final KarafNode node;
    private final String hostname;
    private final int tlsPort;
    private SSLContext trustingTheNode;

    public EdgeHubClients(KarafNode node, String hostname, int tlsPort) {
        this.node = node;
        this.hostname = hostname;
        this.tlsPort = tlsPort;
    }

    /**
     * Configures a node that is not started yet as an edge node of its own: its hostname and device id,
     * a free TLS port, and a server certificate valid for 127.0.0.1, the address the clients dial.
     *
     * @return the clients of that node, for once it runs
     */
    public static EdgeHubClients configure(KarafNode node, String hostname, String deviceId) throws Exception {
        node.setProperty("io.strata.node.cfg", "hostname", hostname);
        node.setProperty("io.strata.node.cfg", "deviceId", deviceId);
        node.setProperty("io.strata.certs.cfg", "serverCertIpAddresses", "127.0.0.1");
        int tlsPort = Integer.parseInt(StrataContainer.freePort());
        node.setProperty("io.strata.broker.cfg", "tlsPort", Integer.toString(tlsPort));
        return new EdgeHubClients(node, hostname, tlsPort);
    }

    public int tlsPort() {
        return tlsPort;
    }

    public String tlsUri() {
        return "ssl://127.0.0.1:" + tlsPort;
    }

    /** A context trusting the node's root CA, which its development chain writes under data/strata/certs. */
    public synchronized SSLContext trustingTheNode() throws Exception {
        if (trustingTheNode == null) {
            trustingTheNode = SSLContext.getInstance("TLS");
            trustingTheNode.init(null, trustManagersOfTheNode(), null);
        }
        return trustingTheNode;
    }

    public TrustManager[] trustManagersOfTheNode() throws Exception {
        Path rootCa = node.home().resolve("data/strata/certs/root-ca.cert.pem");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream pem = Files.newInputStream(rootCa)) {
            int index = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                trust.setCertificateEntry("ca-" + index++, certificate);
            }
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        return trustManagers.getTrustManagers();
    }

    /** A SAS token from the node's shell, as an operator hands it to a device or module. */
    public String token(String identity) throws Exception {
        String[] lines = node.execute("edge:device-token " + identity).strip().split("\\R");
        return lines[lines.length - 1].strip();
    }

    /** Connects a device or module ({@code deviceId/moduleId}) over TLS with a fresh token, clean session. */
    public MqttClient connect(String clientId) throws Exception {
        return connect(clientId, token(clientId));
    }

    /** Connects a device or module over TLS with the given token, clean session. */
    public MqttClient connect(String clientId, String token) throws Exception {
        return connect(tlsUri(), trustingTheNode(), clientId, token, true);
    }

    /** Connects with a SAS token, or with an empty password and the certificate {@code tls} presents. */
    public MqttClient connect(String uri, SSLContext tls, String clientId, String password, boolean cleanSession)
            throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(hostname + "/" + clientId + "/" + API_VERSION);
        options.setPassword(password.toCharArray());
        options.setCleanSession(cleanSession);
        options.setConnectionTimeout(10);
        // Paho's count of publishes in progress can lag the acknowledgements it received: at its default of 10, a
        // test publishing in a loop, each publish waiting for its PUBACK, met "Too many publishes in progress" (32202)
        // on a loaded machine.
        options.setMaxInflight(1000);
        // IoT Hub speaks 3.1.1 only; Paho would otherwise try again with 3.1 after a refusal.
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (tls != null) {
            options.setSocketFactory(tls.getSocketFactory());
        }
        client.connect(options);
        return client;
    }

    /** Waits until the broker lets the client connect (it starts, or restarts, in the background). */
    public void awaitBroker(String uri, String clientId) throws Exception {
        Instant deadline = Instant.now().plus(BROKER_START_TIMEOUT);
        while (true) {
            try {
                close(connect(uri, uri.startsWith("ssl:") ? trustingTheNode() : null, clientId, token(clientId), true));
                return;
            } catch (MqttException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("no MQTT broker at " + uri + " within " + BROKER_START_TIMEOUT
                            + ", see " + node.home().resolve("data/log/karaf.log"), notYet);
                }
                Thread.sleep(1000);
            }
        }
    }

    public static void close(MqttClient client) throws MqttException {
        client.disconnectForcibly(1000, 1000);
        client.close();
    }
}
