package io.strata.site.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.strata.api.agent.DeploymentStatus;
import io.strata.api.agent.EdgeAgent;
import io.strata.api.agent.ModuleStatus;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityKind;
import io.strata.api.identity.KeySlot;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import io.strata.certs.internal.BouncyCastleCertificateAuthority;
import io.strata.testing.MemoryIdentityRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ConfigBundlesTest {

    private static final char[] ROOT_PASSWORD = "root-password".toCharArray();
    private static final String SITE = """
            pki: {rootCommonName: Plant root CA}
            nodes:
              - name: hub
                hostname: hub.plant.example
                listeners: {amqp: 15671, mqtt: 18883}
              - name: line-1
                hostname: line-1.plant.example
                parent: hub
                protocol: mqtt
                address: 10.0.1.10
                ipAddresses: [10.0.1.10]
                deployment: line.json
              - name: cell-1
                hostname: cell-1.plant.example
                parent: line-1
                listeners: {mqtt: 28883, amqp: 25671}
                leafDevices: [sensor-1]
                modules: [observer]
            """;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final MemoryIdentityRegistry registry = new MemoryIdentityRegistry("hub.plant.example");
    private final RecordingAgent agent = new RecordingAgent();
    private final List<String> report = new ArrayList<>();
    private ConfigBundles configBundles;
    private Path site;
    private Path out;

    @Before
    public void hubWithItsOwnDevice() throws Exception {
        registry.add(Identity.device("hub", true, Credentials.generateSymmetricKeys()));
        configBundles = new ConfigBundles(new BouncyCastleCertificateAuthority(), registry, agent,
                new NodeNames("hub.plant.example", "hub"), "");
        site = folder.getRoot().toPath().resolve("site.yaml");
        Files.writeString(site, SITE);
        Files.writeString(site.resolveSibling("line.json"), "{\"modulesContent\": {\"$edgeAgent\": {}}}");
        out = folder.getRoot().toPath().resolve("out");
    }

    @Test
    public void everyNodeIsRegisteredBelowItsParentWithItsLeafDevicesAndModulesAndItsDeploymentSet() throws Exception {
        List<Path> archives = configBundles.build(site, out, ROOT_PASSWORD, report::add);

        assertEquals(List.of(out.resolve("hub.tar.gz"), out.resolve("line-1.tar.gz"), out.resolve("cell-1.tar.gz")),
                archives);
        assertEquals("hub", device("line-1").parentId());
        assertEquals(IdentityKind.EDGE_DEVICE, device("line-1").kind());
        assertEquals("line-1", device("cell-1").parentId());
        assertEquals(IdentityKind.LEAF_DEVICE, device("sensor-1").kind());
        assertEquals("cell-1", device("sensor-1").parentId());
        assertTrue(registry.find(IdentityId.module("cell-1", "observer")).isPresent());
        assertEquals(Map.of("line-1", "{\"modulesContent\": {\"$edgeAgent\": {}}}"), agent.deployed);
        assertTrue(report.toString(), report.contains("Root CA: created " + folder.getRoot().toPath().resolve("pki/root-ca.cert.pem")));
    }

    @Test
    public void aNodesArchiveHoldsItsSettingsItsOwnKeysOwnerOnlyAndNothingOfAnotherNode() throws Exception {
        configBundles.build(site, out, ROOT_PASSWORD, report::add);

        Map<String, Entry> cell = entries(out.resolve("cell-1.tar.gz"));
        assertEquals(List.of("cell-1/", "cell-1/install.sh", "cell-1/etc/", "cell-1/etc/io.strata.node.cfg",
                "cell-1/etc/io.strata.certs.cfg", "cell-1/etc/io.strata.broker.cfg", "cell-1/etc/io.strata.amqp.cfg",
                "cell-1/etc/certs/", "cell-1/etc/certs/root-ca.cert.pem",
                "cell-1/etc/certs/device-ca-cell-1.full-chain.cert.pem", "cell-1/etc/certs/device-ca-cell-1.key.pem"),
                List.copyOf(cell.keySet()));
        cell.forEach((name, entry) -> assertEquals(name + " is its owner's only",
                name.endsWith("/") || name.endsWith(".sh") ? 0700 : 0600, entry.mode()));

        Properties node = properties(cell.get("cell-1/etc/io.strata.node.cfg"));
        assertEquals("cell-1.plant.example", node.getProperty("hostname"));
        assertEquals("cell-1", node.getProperty("deviceId"));
        assertEquals("line-1.plant.example", node.getProperty("parentHostname"));
        assertEquals("10.0.1.10", node.getProperty("parentAddress"));
        assertEquals("the parent's AMQP port is the protocol's default", "5671", node.getProperty("parentPort"));
        assertEquals("amqp", node.getProperty("upstreamProtocol"));
        assertEquals(device("cell-1").credentials().get(KeySlot.PRIMARY), node.getProperty(NodeSettings.UPSTREAM_SHARED_ACCESS_KEY));
        assertEquals("28883", properties(cell.get("cell-1/etc/io.strata.broker.cfg")).getProperty("tlsPort"));
        assertEquals("25671", properties(cell.get("cell-1/etc/io.strata.amqp.cfg")).getProperty("port"));

        Properties certs = properties(cell.get("cell-1/etc/io.strata.certs.cfg"));
        assertEquals("${karaf.etc}/certs/root-ca.cert.pem", certs.getProperty("trustBundle"));
        assertEquals("${karaf.etc}/certs/device-ca-cell-1.full-chain.cert.pem", certs.getProperty("deviceCaCert"));
        assertEquals("${karaf.etc}/certs/device-ca-cell-1.key.pem", certs.getProperty("deviceCaKey"));
        Path pki = folder.getRoot().toPath().resolve("pki");
        assertEquals(Files.readString(pki.resolve("device-ca-cell-1.password")), certs.getProperty("deviceCaKeyPassword"));
        assertArrayEquals(Files.readAllBytes(pki.resolve("device-ca-cell-1.key.pem")),
                cell.get("cell-1/etc/certs/device-ca-cell-1.key.pem").content());

        // Nothing of another node: not the hub above its parent, no other node's key or password.
        String everything = new String(cell.values().stream().map(Entry::content)
                .reduce(new byte[0], ConfigBundlesTest::concat), StandardCharsets.ISO_8859_1);
        for (String foreign : List.of("hub.plant.example", "15671", "18883", "root-ca.key", "device-ca-line-1",
                "device-ca-hub", Files.readString(pki.resolve("device-ca-line-1.password")),
                device("line-1").credentials().get(KeySlot.PRIMARY))) {
            assertFalse("cell-1's bundle holds " + foreign, everything.contains(foreign) || cell.keySet().toString().contains(foreign));
        }

        Properties line = properties(entries(out.resolve("line-1.tar.gz")).get("line-1/etc/io.strata.node.cfg"));
        assertEquals("mqtt", line.getProperty("upstreamProtocol"));
        assertEquals("the hub's own MQTT listener", "18883", line.getProperty("parentPort"));
        assertEquals("10.0.1.10", properties(entries(out.resolve("line-1.tar.gz"))
                .get("line-1/etc/io.strata.certs.cfg")).getProperty("serverCertIpAddresses"));

        Properties hub = properties(entries(out.resolve("hub.tar.gz")).get("hub/etc/io.strata.node.cfg"));
        assertEquals(Map.of("hostname", "hub.plant.example", "deviceId", "hub"), Map.copyOf(hub));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("hub.tar.gz"))));
    }

    @Test
    public void aNodeWithAuthX509GetsAnIdentityCertificateFromTheRootAndIsRegisteredByItsThumbprint()
            throws Exception {
        registry.add(Identity.device("cell-1", true, Credentials.generateSymmetricKeys()));
        Files.writeString(site, SITE.replace("    listeners: {mqtt: 28883, amqp: 25671}",
                "    listeners: {mqtt: 28883, amqp: 25671}\n    auth: x509"));

        configBundles.build(site, out, ROOT_PASSWORD, report::add);

        Map<String, Entry> cell = entries(out.resolve("cell-1.tar.gz"));
        assertTrue(cell.keySet().toString(), cell.keySet().containsAll(List.of(
                "cell-1/etc/certs/identity-cell-1.full-chain.cert.pem", "cell-1/etc/certs/identity-cell-1.key.pem")));
        assertEquals(0600, cell.get("cell-1/etc/certs/identity-cell-1.key.pem").mode());
        Properties node = properties(cell.get("cell-1/etc/io.strata.node.cfg"));
        assertEquals("certs/identity-cell-1.full-chain.cert.pem", node.getProperty(NodeSettings.UPSTREAM_CERTIFICATE));
        assertEquals("certs/identity-cell-1.key.pem", node.getProperty(NodeSettings.UPSTREAM_PRIVATE_KEY));
        Path pki = folder.getRoot().toPath().resolve("pki");
        assertEquals(Files.readString(pki.resolve("identity-cell-1.password")),
                node.getProperty(NodeSettings.UPSTREAM_PRIVATE_KEY_PASSWORD));
        assertFalse("no key beside the certificate", node.containsKey(NodeSettings.UPSTREAM_SHARED_ACCESS_KEY));

        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(cell.get("cell-1/etc/certs/identity-cell-1.full-chain.cert.pem").content()));
        assertEquals("CN=cell-1", certificate.getSubjectX500Principal().getName());
        certificate.verify(((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                Files.newInputStream(pki.resolve("root-ca.cert.pem")))).getPublicKey());
        String thumbprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        assertEquals("the key it had is replaced by the certificate's thumbprint",
                Credentials.thumbprints(thumbprint, null), device("cell-1").credentials());
        assertEquals("line-1", device("cell-1").parentId());

        configBundles.build(site, out, ROOT_PASSWORD, report::add);
        assertEquals("a second run reuses the certificate", Credentials.thumbprints(thumbprint, null),
                device("cell-1").credentials());
        assertTrue(report.toString(), report.contains("cell-1: identity certificate reused "
                + pki.resolve("identity-cell-1.full-chain.cert.pem")));
    }

    @Test
    public void runningItAgainReusesThePkiAndTheIdentities() throws Exception {
        configBundles.build(site, out, ROOT_PASSWORD, report::add);
        Path pki = folder.getRoot().toPath().resolve("pki");
        byte[] root = Files.readAllBytes(pki.resolve("root-ca.cert.pem"));
        byte[] deviceCa = Files.readAllBytes(pki.resolve("device-ca-cell-1.full-chain.cert.pem"));
        Identity cell = device("cell-1");
        report.clear();

        configBundles.build(site, out, ROOT_PASSWORD, report::add);

        assertArrayEquals(root, Files.readAllBytes(pki.resolve("root-ca.cert.pem")));
        assertArrayEquals(deviceCa, Files.readAllBytes(pki.resolve("device-ca-cell-1.full-chain.cert.pem")));
        assertEquals(cell, device("cell-1"));
        assertTrue(report.toString(), report.contains("Root CA: reused " + pki.resolve("root-ca.cert.pem")));
        assertFalse(report.toString(), report.stream().anyMatch(line -> line.contains("registered")));
        assertEquals(cell.credentials().get(KeySlot.PRIMARY), properties(entries(out.resolve("cell-1.tar.gz"))
                .get("cell-1/etc/io.strata.node.cfg")).getProperty(NodeSettings.UPSTREAM_SHARED_ACCESS_KEY));
    }

    @Test
    public void aSiteThatCannotBeBuiltHereChangesNothing() throws Exception {
        registry.add(Identity.device("sensor-1", true, Credentials.generateSymmetricKeys()));
        ConfigBundles elsewhere = new ConfigBundles(new BouncyCastleCertificateAuthority(), registry, agent,
                new NodeNames("line-1.plant.example", "line-1"), "hub.plant.example");

        InvalidSiteException refused = assertThrows(InvalidSiteException.class,
                () -> elsewhere.build(site, out, ROOT_PASSWORD, report::add));

        assertEquals(List.of("this node has a parent (hub.plant.example): run edge:config-bundles on the top node",
                "the top node 'hub' is not this node, whose device id is 'line-1': edge:config-bundles runs on the top "
                        + "of the site",
                "the top node's hostname hub.plant.example is not this node's, line-1.plant.example",
                "'sensor-1' is registered as EDGE_DEVICE, the site makes it LEAF_DEVICE"), refused.problems());
        assertEquals(List.of("hub", "sensor-1"), registry.devices().stream().map(d -> d.id().toString()).toList());
        assertFalse(Files.exists(folder.getRoot().toPath().resolve("pki")));
        assertFalse(Files.exists(out));
        assertTrue(agent.deployed.isEmpty());
    }

    @Test
    public void theRootCaIsNotReusedWithAnotherPassword() throws Exception {
        configBundles.build(site, out, ROOT_PASSWORD, report::add);
        Files.writeString(site, SITE.replace("leafDevices: [sensor-1]", "leafDevices: [sensor-1, sensor-2]"));

        InvalidSiteException refused = assertThrows(InvalidSiteException.class,
                () -> configBundles.build(site, out, "wrong".toCharArray(), report::add));

        assertTrue(refused.getMessage(), refused.problems().get(0).startsWith("The root CA "
                + folder.getRoot().toPath().resolve("pki/root-ca.cert.pem")));
        assertTrue(registry.find(IdentityId.device("sensor-2")).isEmpty());
    }

    @Test
    public void installShSetsTheKeysInTheInstallationsFilesOwnerOnly() throws Exception {
        configBundles.build(site, out, ROOT_PASSWORD, report::add);
        Path home = folder.newFolder("strata").toPath();
        Files.createDirectories(home.resolve("bin"));
        Files.createFile(home.resolve("bin/karaf"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.strata.node.cfg"), "# the name children use\n#hostname = edge-1\n"
                + "hostname = old\n#parentHostname =\nother = kept\n");
        Path unpacked = folder.newFolder("unpacked").toPath();
        run(unpacked, "tar", "xzf", out.resolve("cell-1.tar.gz").toString());

        String output = run(unpacked, unpacked.resolve("cell-1/install.sh").toString(), home.toString());

        assertTrue(output, output.contains("Installed cell-1 into " + home));
        String node = Files.readString(home.resolve("etc/io.strata.node.cfg"));
        assertTrue(node, node.startsWith("# the name children use\n#hostname = edge-1\nhostname = cell-1.plant.example\n"
                + "parentHostname = line-1.plant.example\nother = kept\n"));
        Properties settings = new Properties();
        settings.load(new StringReader(node));
        assertEquals(device("cell-1").credentials().get(KeySlot.PRIMARY), settings.getProperty(NodeSettings.UPSTREAM_SHARED_ACCESS_KEY));
        assertEquals("28883", properties(Files.readAllBytes(home.resolve("etc/io.strata.broker.cfg"))).getProperty("tlsPort"));
        for (String file : List.of("etc/io.strata.node.cfg", "etc/io.strata.certs.cfg",
                "etc/certs/device-ca-cell-1.key.pem", "etc/certs/root-ca.cert.pem")) {
            assertEquals(file, "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(file))));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("etc/certs"))));

        // Again over the same installation: the same keys, once each.
        run(unpacked, unpacked.resolve("cell-1/install.sh").toString(), home.toString());
        assertEquals(node, Files.readString(home.resolve("etc/io.strata.node.cfg")));
    }

    @Test
    public void installShRefusesAFolderThatIsNoStrataInstallation() throws Exception {
        configBundles.build(site, out, ROOT_PASSWORD, report::add);
        Path unpacked = folder.newFolder("unpacked").toPath();
        run(unpacked, "tar", "xzf", out.resolve("hub.tar.gz").toString());

        Process install = new ProcessBuilder(unpacked.resolve("hub/install.sh").toString(), unpacked.toString())
                .redirectErrorStream(true).start();
        String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(1, install.waitFor());
        assertTrue(output, output.contains(unpacked + " is no Strata installation"));
    }

    private Identity device(String id) {
        return registry.find(IdentityId.device(id)).orElseThrow(() -> new AssertionError(id + " is not registered"));
    }

    private record Entry(byte[] content, int mode) {
    }

    private static Map<String, Entry> entries(Path archive) throws Exception {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(archive)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.put(entry.getName(), new Entry(tar.readAllBytes(), entry.getMode() & 0777));
            }
        }
        return entries;
    }

    private static Properties properties(Entry entry) throws Exception {
        return properties(entry.content());
    }

    private static Properties properties(byte[] content) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = new ByteArrayInputStream(content)) {
            properties.load(in);
        }
        return properties;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(output, 0, process.waitFor());
        return output;
    }

    /** Records the manifests handed to other devices; this node's own deployment is not part of these sites. */
    private static final class RecordingAgent implements EdgeAgent {

        final Map<String, String> deployed = new LinkedHashMap<>();

        @Override
        public DeploymentStatus deploy(String manifest) {
            throw new AssertionError("no deployment for the hub in these sites");
        }

        @Override
        public DeploymentStatus deployTo(String deviceId, String manifest) {
            deployed.put(deviceId, manifest);
            return new DeploymentStatus(0, 200, "set", 0, "");
        }

        @Override
        public DeploymentStatus deployment() {
            throw new AssertionError("not used");
        }

        @Override
        public List<ModuleStatus> modules() {
            return List.of();
        }

        @Override
        public ModuleStatus restartModule(String moduleId) {
            throw new AssertionError("not used");
        }
    }
}
