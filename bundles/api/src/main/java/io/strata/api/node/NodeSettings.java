package io.strata.api.node;

/**
 * The PID and the keys of {@code etc/io.strata.node.cfg}, for messages that name a key; the settings
 * themselves are read as {@link NodeConfiguration}.
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
    /**
     * This node's device key as the parent registered it (base64), for SAS tokens to the parent. Its
     * leading full stop keeps it out of every service's properties.
     */
    public static final String UPSTREAM_SHARED_ACCESS_KEY = ".upstreamSharedAccessKey";
    /** A PEM certificate (chain) this node presents to its parent instead of a SAS token. */
    public static final String UPSTREAM_CERTIFICATE = "upstreamCertificate";
    /** The PEM private key of {@link #UPSTREAM_CERTIFICATE}. */
    public static final String UPSTREAM_PRIVATE_KEY = "upstreamPrivateKey";
    /** The password of an encrypted {@link #UPSTREAM_PRIVATE_KEY}; empty when it is not encrypted; private. */
    public static final String UPSTREAM_PRIVATE_KEY_PASSWORD = ".upstreamPrivateKeyPassword";

    private NodeSettings() {
    }
}
