package io.strata.api.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The configuration {@code etc/io.strata.node.cfg}. Components that need the node's names add
 * {@link #PID} to their {@code configurationPid} and read these keys.
 */
public final class NodeSettings {

    /** Config Admin PID of the node settings. */
    public static final String PID = "io.strata.node";
    /** The name children use to reach this node; the edge hub server certificate's CN. */
    public static final String HOSTNAME = "hostname";
    /** This node's own edge device id in the hierarchy. */
    public static final String DEVICE_ID = "deviceId";
    /** The parent's hostname; empty on the top node. */
    public static final String PARENT_HOSTNAME = "parentHostname";
    /** Where to open the connection to the parent (an address or name); empty: the parent's hostname. */
    public static final String PARENT_ADDRESS = "parentAddress";
    /** The parent's port; empty: 5671 for AMQP, 8883 for MQTT. */
    public static final String PARENT_PORT = "parentPort";
    /** {@code amqp} (default) or {@code mqtt}: how this node reaches its parent. */
    public static final String UPSTREAM_PROTOCOL = "upstreamProtocol";
    /** This node's device key as the parent registered it (base64), for SAS tokens to the parent. */
    public static final String UPSTREAM_SHARED_ACCESS_KEY = "upstreamSharedAccessKey";
    /** A PEM certificate (chain) this node presents to its parent instead of a SAS token. */
    public static final String UPSTREAM_CERTIFICATE = "upstreamCertificate";
    /** The PEM private key of {@link #UPSTREAM_CERTIFICATE}. */
    public static final String UPSTREAM_PRIVATE_KEY = "upstreamPrivateKey";
    /** The password of an encrypted {@link #UPSTREAM_PRIVATE_KEY}; empty when it is not encrypted. */
    public static final String UPSTREAM_PRIVATE_KEY_PASSWORD = "upstreamPrivateKeyPassword";

    private NodeSettings() {
    }

    /**
     * The hostname to use: the configured one, or else the machine's name; always lower case, as
     * the server certificate and the SAS token resources need it.
     */
    public static String hostname(Object configured) {
        String name = configured == null ? "" : configured.toString().trim();
        if (name.isEmpty()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = "localhost";
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** This node's edge device id: the configured one, or else its {@link #hostname hostname}. */
    public static String deviceId(Object configuredDeviceId, Object configuredHostname) {
        String deviceId = configuredDeviceId == null ? "" : configuredDeviceId.toString().trim();
        return deviceId.isEmpty() ? hostname(configuredHostname) : deviceId;
    }
}
