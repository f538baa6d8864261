package io.strata.site.internal;

import java.util.List;
import java.util.Optional;

/**
 * One edge node of a site, as its YAML file describes it, with the defaults applied.
 *
 * @param name          its device id at the hub
 * @param hostname      the name its children dial and its server certificate carries, lower case
 * @param parent        the device id of its parent node; null for the top of the site
 * @param protocol      how it links to its parent; null for the top
 * @param auth          how it proves itself to its parent; null for the top
 * @param parentPort    the parent's port for that protocol; null for the top
 * @param address       where its children connect when its hostname does not resolve there; may be null
 * @param mqttPort      its own MQTT TLS port; null keeps the installation's
 * @param amqpPort      its own AMQP port; null keeps the installation's
 * @param dnsNames      further names on its server certificate
 * @param ipAddresses   IP addresses on its server certificate
 * @param manifest      its deployment manifest (JSON text); null for none
 * @param leafDevices   the leaf devices that connect to it
 * @param modules       module identities registered on it
 */
record SiteNode(String name, String hostname, String parent, UpstreamProtocol protocol, NodeAuth auth,
        Integer parentPort,
        String address, Integer mqttPort, Integer amqpPort, List<String> dnsNames, List<String> ipAddresses,
        String manifest, List<String> leafDevices, List<String> modules) {

    SiteNode {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        leafDevices = List.copyOf(leafDevices);
        modules = List.copyOf(modules);
    }

    boolean isTop() {
        return parent == null;
    }

    Optional<String> deployment() {
        return Optional.ofNullable(manifest);
    }

    /** This node's port for a child that links over {@code protocol}: its own, or else the protocol's default. */
    int portFor(UpstreamProtocol protocol) {
        Integer own = protocol == UpstreamProtocol.MQTT ? mqttPort : amqpPort;
        return own != null ? own : protocol.defaultPort();
    }
}
