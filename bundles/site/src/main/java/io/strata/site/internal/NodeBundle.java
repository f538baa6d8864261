package io.strata.site.internal;

import io.strata.api.node.NodeSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one node's config bundle holds, laid out as the installation's {@code etc/}: its settings (the keys
 * {@code install.sh} sets in the installation's files of the same names), the root certificate, its own
 * device CA with its key, its identity certificate with its key when it authenticates with one, and
 * {@code install.sh}. Nothing of another node: no other key, no name of a node
 * above its parent.
 */
final class NodeBundle {

    private static final String INSTALL_SCRIPT = "install.sh";
    /** Where the installation keeps the files, as {@code etc/io.strata.certs.cfg} shows it. */
    private static final String CERTS = "${karaf.etc}/certs/";

    private final Site site;
    private final SiteNode node;
    private final SitePki.IssuedFiles deviceCa;
    private final Path rootCertificate;
    private final String sharedAccessKey;
    private final SitePki.IssuedFiles identityCertificate;

    /**
     * @param sharedAccessKey     the node's key at the hub, with which it authenticates at its parent; null
     *                            for the top and for a node with an identity certificate
     * @param identityCertificate the certificate with which it authenticates at its parent instead; null
     *                            for the top and for a node with a key
     */
    NodeBundle(Site site, SiteNode node, SitePki.IssuedFiles deviceCa, Path rootCertificate, String sharedAccessKey,
            SitePki.IssuedFiles identityCertificate) {
        this.site = site;
        this.node = node;
        this.deviceCa = deviceCa;
        this.rootCertificate = rootCertificate;
        this.sharedAccessKey = sharedAccessKey;
        this.identityCertificate = identityCertificate;
    }

    BundleArchive archive() throws IOException {
        BundleArchive archive = new BundleArchive(node.name());
        archive.add(INSTALL_SCRIPT, installScript(), BundleArchive.OWNER_ONLY_EXECUTABLE);
        settings(archive, "io.strata.node.cfg", nodeSettings());
        settings(archive, "io.strata.certs.cfg", certificateSettings());
        if (node.mqttPort() != null) {
            settings(archive, "io.strata.broker.cfg", Map.of("tlsPort", node.mqttPort().toString()));
        }
        if (node.amqpPort() != null) {
            settings(archive, "io.strata.amqp.cfg", Map.of("port", node.amqpPort().toString()));
        }
        List<Path> files = new ArrayList<>(List.of(rootCertificate, deviceCa.fullChain(), deviceCa.key()));
        if (identityCertificate != null) {
            files.addAll(List.of(identityCertificate.fullChain(), identityCertificate.key()));
        }
        for (Path file : files) {
            archive.add("etc/certs/" + file.getFileName(), Files.readAllBytes(file), BundleArchive.OWNER_ONLY);
        }
        return archive;
    }

    /** The node's names, and below the top its parent as the node reaches it, nothing above that. */
    private Map<String, String> nodeSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(NodeSettings.HOSTNAME, node.hostname());
        settings.put(NodeSettings.DEVICE_ID, node.name());
        if (!node.isTop()) {
            SiteNode parent = site.node(node.parent());
            settings.put(NodeSettings.PARENT_HOSTNAME, parent.hostname());
            settings.put(NodeSettings.PARENT_ADDRESS, parent.address() == null ? "" : parent.address());
            settings.put(NodeSettings.PARENT_PORT, node.parentPort().toString());
            settings.put(NodeSettings.UPSTREAM_PROTOCOL, node.protocol().setting());
            if (identityCertificate == null) {
                settings.put(NodeSettings.UPSTREAM_SHARED_ACCESS_KEY, sharedAccessKey);
            } else {
                // relative to etc/, as the node reads them
                settings.put(NodeSettings.UPSTREAM_CERTIFICATE, "certs/" + identityCertificate.fullChain().getFileName());
                settings.put(NodeSettings.UPSTREAM_PRIVATE_KEY, "certs/" + identityCertificate.key().getFileName());
                settings.put(NodeSettings.UPSTREAM_PRIVATE_KEY_PASSWORD, identityCertificate.password());
            }
        }
        return settings;
    }

    private Map<String, String> certificateSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("trustBundle", CERTS + rootCertificate.getFileName());
        settings.put("deviceCaCert", CERTS + deviceCa.fullChain().getFileName());
        settings.put("deviceCaKeyPassword", deviceCa.password());
        settings.put("deviceCaKey", CERTS + deviceCa.key().getFileName());
        if (!node.dnsNames().isEmpty()) {
            settings.put("serverCertDnsNames", String.join(",", node.dnsNames()));
        }
        if (!node.ipAddresses().isEmpty()) {
            settings.put("serverCertIpAddresses", String.join(",", node.ipAddresses()));
        }
        return settings;
    }

    private void settings(BundleArchive archive, String file, Map<String, String> keys) {
        StringBuilder text = new StringBuilder("# Node " + node.name() + " of " + site.file().getFileName()
                + ", from edge:config-bundles: install.sh sets these keys in etc/" + file + "\n");
        keys.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        archive.add("etc/" + file, text.toString().getBytes(StandardCharsets.UTF_8), BundleArchive.OWNER_ONLY);
    }

    private static byte[] installScript() {
        try (InputStream script = NodeBundle.class.getResourceAsStream(INSTALL_SCRIPT)) {
            if (script == null) {
                throw new IllegalStateException(INSTALL_SCRIPT + " is missing from the bundle");
            }
            return script.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
