package io.strata.upstream.internal;

import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where, how and as whom this node reaches its parent, checked once when the configuration arrives so
 * that a mistake is reported by key instead of as a failing connection.
 *
 * @param protocol       {@link #AMQP} or {@link #MQTT}
 * @param parentHostname the name the parent's server certificate must carry
 * @param address        where the socket goes: {@code parentAddress}, or else the parent's hostname
 * @param port           the parent's port for the protocol
 * @param deviceId       this node's own edge device id, as the parent registered it
 * @param sharedAccessKey the device key for SAS tokens (base64); null with certificate authentication
 * @param certificate    the PEM client certificate (chain); null with SAS authentication
 * @param privateKey     the PEM key of {@code certificate}; null with SAS authentication
 * @param privateKeyPassword the key's password; empty when it is not encrypted
 */
record UpstreamSettings(String protocol, String parentHostname, String address, int port, String deviceId, String sharedAccessKey,
        Path certificate, Path privateKey, String privateKeyPassword) {

    static final String AMQP = "amqp";
    static final String MQTT = "mqtt";
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of(AMQP, 5671, MQTT, 8883);
    // the Karaf feature whose bundle registers the protocol's ParentSessionFactory
    private static final Map<String, String> FEATURES = Map.of(AMQP, "strata-amqp", MQTT, "strata-broker");

    /**
     * The settings of a node with a parent; empty on the top node.
     *
     * @throws IllegalArgumentException naming the key that is wrong and why
     */
    static Optional<UpstreamSettings> of(NodeConfiguration config, Path etc) {
        String parent = config.parentHostname().trim().toLowerCase(Locale.ROOT);
        if (parent.isEmpty()) {
            return Optional.empty();
        }
        String protocol = config.upstreamProtocol().trim().isEmpty() ? AMQP
                : config.upstreamProtocol().trim().toLowerCase(Locale.ROOT);
        if (!DEFAULT_PORTS.containsKey(protocol)) {
            throw new IllegalArgumentException(NodeSettings.UPSTREAM_PROTOCOL + " = " + config.upstreamProtocol()
                    + " is not supported: use " + AMQP + " or " + MQTT);
        }
        String address = config.parentAddress().trim().isEmpty() ? parent : config.parentAddress().trim();
        String deviceId = NodeNames.of(config).deviceId();
        String key = config._upstreamSharedAccessKey().trim();
        String certificate = config.upstreamCertificate().trim();
        String privateKey = config.upstreamPrivateKey().trim();
        int port = port(config.parentPort(), DEFAULT_PORTS.get(protocol));
        if (!key.isEmpty()) {
            if (!certificate.isEmpty()) {
                throw new IllegalArgumentException("Set either " + NodeSettings.UPSTREAM_SHARED_ACCESS_KEY + " or "
                        + NodeSettings.UPSTREAM_CERTIFICATE + ", not both");
            }
            requireBase64(key);
            return Optional.of(new UpstreamSettings(protocol, parent, address, port, deviceId, key, null, null, ""));
        }
        if (certificate.isEmpty() || privateKey.isEmpty()) {
            throw new IllegalArgumentException("Parent " + parent + " is set but this node has no credentials for it: set "
                    + NodeSettings.UPSTREAM_SHARED_ACCESS_KEY + ", or " + NodeSettings.UPSTREAM_CERTIFICATE + " and "
                    + NodeSettings.UPSTREAM_PRIVATE_KEY);
        }
        return Optional.of(new UpstreamSettings(protocol, parent, address, port, deviceId, null, etc.resolve(certificate),
                etc.resolve(privateKey), config._upstreamPrivateKeyPassword()));
    }

    /** Whether this node authenticates with a SAS token rather than a client certificate. */
    boolean usesSharedAccessKey() {
        return sharedAccessKey != null;
    }

    /** The Karaf feature that brings the session of {@link #protocol}. */
    String feature() {
        return FEATURES.get(protocol);
    }

    /** {@code address:port}, as the status shows it. */
    String endpoint() {
        return address + ":" + port;
    }

    @Override
    public String toString() {
        // never the key
        return "parent " + parentHostname + " at " + endpoint() + " over " + protocol + " as " + deviceId
                + (usesSharedAccessKey() ? " (SAS)" : " (certificate " + certificate + ")");
    }

    private static int port(String text, int defaultPort) {
        if (text.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(text.trim());
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(NodeSettings.PARENT_PORT + " = " + text + " is not a port number (1-65535)");
    }

    private static void requireBase64(String key) {
        try {
            Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(NodeSettings.UPSTREAM_SHARED_ACCESS_KEY + " is not base64: "
                    + e.getMessage());
        }
    }
}
