package io.strata.identity.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThrows;

import io.strata.api.identity.AuthType;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityKind;
import io.strata.api.identity.KeySlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PersistentIdentityRegistryTest {

    private static final String HOST = "edge-1.factory.local";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path storeDirectory;
    private PersistentIdentityRegistry registry;

    @Before
    public void createRegistry() {
        storeDirectory = folder.getRoot().toPath().resolve("data/strata/identity");
        registry = reopen();
    }

    @Test
    public void generatesTwoDistinctKeysOf32Bytes() {
        Identity device = registry.add(Identity.device("line-1", true, Credentials.generateSymmetricKeys()));

        assertThat(Base64.getDecoder().decode(device.credentials().primary()).length, is(32));
        assertThat(Base64.getDecoder().decode(device.credentials().secondary()).length, is(32));
        assertThat(device.credentials().primary(), not(equalTo(device.credentials().secondary())));
        assertThat(device.credentials().toString(), not(containsString(device.credentials().primary())));
    }

    @Test
    public void registersTheNodesOwnEdgeDeviceOnceAndKeepsItsKeys() {
        registry.registerOwnDevice("line-1");
        Identity own = registry.find(IdentityId.device("line-1")).orElseThrow();

        registry.registerOwnDevice("line-1");

        assertThat(own.kind(), is(IdentityKind.EDGE_DEVICE));
        assertThat(own.credentials().type(), is(AuthType.SYMMETRIC_KEY));
        assertThat(reopen().find(IdentityId.device("line-1")), is(Optional.of(own)));
    }

    @Test
    public void refusesADuplicateId() {
        registry.add(leaf("sensor-1"));

        assertThat(assertThrows(IllegalArgumentException.class, () -> registry.add(leaf("sensor-1"))).getMessage(),
                is("'sensor-1' already exists"));
    }

    @Test
    public void linksChildrenToEdgeParentsOnly() {
        registry.add(edge("line-1"));
        registry.add(leaf("sensor-1"));
        registry.add(leaf("sensor-2"));

        registry.setParent("sensor-1", "line-1");

        assertThat(registry.children("line-1"), contains(registry.find(IdentityId.device("sensor-1")).get()));
        assertThat(assertThrows(IllegalArgumentException.class, () -> registry.setParent("sensor-2", "sensor-1"))
                .getMessage(), containsString("only edge devices can be parents"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> registry.setParent("sensor-2", "nobody"))
                .getMessage(), containsString("does not exist"));
    }

    @Test
    public void aSecondParentReplacesTheFirst() {
        registry.add(edge("line-1"));
        registry.add(edge("line-2"));
        registry.add(leaf("sensor-1").withParent("line-1"));

        registry.setParent("sensor-1", "line-2");

        assertThat(registry.children("line-1"), is(empty()));
        assertThat(registry.find(IdentityId.device("sensor-1")).get().parentId(), is("line-2"));
    }

    @Test
    public void refusesCycles() {
        registry.add(edge("top"));
        registry.add(edge("middle").withParent("top"));
        registry.add(edge("bottom").withParent("middle"));

        IllegalArgumentException cycle = assertThrows(IllegalArgumentException.class,
                () -> registry.setParent("top", "bottom"));

        assertThat(cycle.getMessage(), containsString("top -> bottom -> middle -> top"));
        assertThrows(IllegalArgumentException.class, () -> registry.setParent("top", "top"));
        assertThat(registry.find(IdentityId.device("top")).get().parentId(), is(nullValue()));
    }

    @Test
    public void givesModulesToEdgeDevicesOnly() {
        registry.add(edge("line-1"));
        registry.add(leaf("sensor-1"));

        registry.add(module("line-1", "opcua"));

        assertThat(registry.modules("line-1").get(0).kind(), is(IdentityKind.MODULE));
        assertThat(assertThrows(IllegalArgumentException.class, () -> registry.add(module("sensor-1", "opcua")))
                .getMessage(), containsString("only edge devices have modules"));
        assertThrows(IllegalArgumentException.class, () -> registry.add(module("nobody", "opcua")));
    }

    @Test
    public void removingADeviceRemovesItsModulesAndOrphansItsChildren() {
        registry.add(edge("line-1"));
        registry.add(module("line-1", "opcua"));
        registry.add(leaf("sensor-1").withParent("line-1"));
        List<String> changes = new ArrayList<>();
        registry.listeners.add((id, current) -> changes.add(id + (current.isPresent() ? " changed" : " removed")));

        registry.remove(IdentityId.device("line-1"));

        assertThat(registry.find(IdentityId.module("line-1", "opcua")), is(Optional.empty()));
        assertThat(registry.find(IdentityId.device("sensor-1")).get().parentId(), is(nullValue()));
        assertThat(changes.stream().sorted().toList(),
                contains("line-1 removed", "line-1/opcua removed", "sensor-1 changed"));
    }

    @Test
    public void putAddsThenReplacesAndTellsOnlyOfRealChanges() {
        registry.add(edge("line-1"));
        List<String> changes = new ArrayList<>();
        registry.listeners.add((id, current) -> changes.add(id + " " + current.map(Identity::enabled).orElse(null)));
        Identity sensor = leaf("sensor-1").withParent("line-1");

        assertThat(registry.put(sensor), is(sensor));
        registry.put(sensor);
        Identity disabled = registry.put(sensor.withEnabled(false));

        assertThat(changes, contains("sensor-1 true", "sensor-1 false"));
        assertThat(reopen().find(IdentityId.device("sensor-1")), is(Optional.of(disabled)));
    }

    @Test
    public void putKeepsTheRules() {
        registry.add(edge("line-1"));
        registry.add(module("line-1", "opcua"));

        assertThat(assertThrows(IllegalArgumentException.class, () -> registry.put(leaf("line-1"))).getMessage(),
                containsString("only edge devices have modules"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> registry.put(leaf("s").withParent("nobody")))
                .getMessage(), containsString("does not exist"));
        assertThat(registry.find(IdentityId.device("line-1")).get().isEdgeDevice(), is(true));
        assertThat(registry.find(IdentityId.device("s")), is(Optional.empty()));
    }

    @Test
    public void subtreeListsEveryDeviceBelowAtAnyDepthOrderedById() {
        registry.add(edge("top"));
        registry.add(edge("z-line").withParent("top"));
        registry.add(edge("a-line").withParent("top"));
        registry.add(leaf("m-sensor").withParent("z-line"));
        registry.add(edge("cell").withParent("a-line"));
        registry.add(leaf("b-sensor").withParent("cell"));
        registry.add(module("cell", "opcua"));
        registry.add(leaf("elsewhere"));

        assertThat(registry.subtree("top").stream().map(device -> device.id().toString()).toList(),
                contains("a-line", "b-sensor", "cell", "m-sensor", "z-line"));
        assertThat(registry.subtree("a-line").stream().map(device -> device.id().toString()).toList(),
                contains("b-sensor", "cell"));
        assertThat(registry.subtree("elsewhere"), is(empty()));
        assertThat(registry.subtree("nobody"), is(empty()));
    }

    @Test
    public void regeneratesOneKeyAndKeepsTheOther() {
        Identity before = registry.add(leaf("sensor-1"));

        Identity after = registry.regenerateKey(IdentityId.device("sensor-1"), KeySlot.SECONDARY);

        assertThat(after.credentials().primary(), is(before.credentials().primary()));
        assertThat(after.credentials().secondary(), not(equalTo(before.credentials().secondary())));
    }

    @Test
    public void writesConnectionStrings() {
        registry.add(edge("line-1"));
        Identity module = registry.add(module("line-1", "opcua"));
        String key = module.credentials().secondary();

        assertThat(registry.connectionString(module.id(), KeySlot.SECONDARY, false),
                is("HostName=" + HOST + ";DeviceId=line-1;ModuleId=opcua;SharedAccessKey=" + key));
        assertThat(registry.connectionString(IdentityId.device("line-1"), KeySlot.PRIMARY, true),
                matchesPattern("HostName=" + HOST + ";DeviceId=line-1;SharedAccessKey=[^;]+;GatewayHostName=" + HOST));
    }

    @Test
    public void refusesKeyOperationsOnCertificateIdentities() {
        registry.add(Identity.device("plc-7", false, Credentials.certificateAuthority()));

        assertThat(assertThrows(IllegalArgumentException.class,
                () -> registry.regenerateKey(IdentityId.device("plc-7"), KeySlot.PRIMARY)).getMessage(),
                is("'plc-7' authenticates with x509-ca, not with symmetric keys"));
    }

    @Test
    public void survivesARestartInOwnerOnlyFiles() throws Exception {
        registry.add(edge("line-1"));
        registry.add(module("line-1", "opcua"));
        registry.add(Identity.device("camera-1", false, Credentials.thumbprints("AB".repeat(20), "cd".repeat(32)))
                .withParent("line-1").withEnabled(false));
        List<Identity> before = new ArrayList<>(registry.devices());
        before.addAll(registry.modules("line-1"));

        PersistentIdentityRegistry restarted = reopen();

        List<Identity> after = new ArrayList<>(restarted.devices());
        after.addAll(restarted.modules("line-1"));
        assertThat(after, is(before));
        assertThat(restarted.find(IdentityId.device("camera-1")).get().credentials().primary(), is("ab".repeat(20)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storeDirectory.resolve("identities.json"))),
                is("rw-------"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storeDirectory)), is("rwx------"));
        try (var files = Files.list(storeDirectory)) {
            assertThat(files.map(file -> file.getFileName().toString()).toList(), contains("identities.json"));
        }
    }

    @Test
    public void mergesAYamlSeedAndKeepsKeysOnTheNextMerge() throws Exception {
        registry.add(leaf("already-there"));
        Path seed = write("identities.yaml", """
                # the factory floor
                devices:
                  - id: line-1
                    edge: true
                    modules:
                      - id: opcua
                      - id: filter
                        enabled: false
                  - id: sensor-7
                    parent: line-1
                    auth: { type: X509-Thumbprint, primary: "%s" }
                  - id: plc-7
                    auth: { type: x509-ca }
                  - id: dev:1@a
                    auth: { primary: "%s", secondary: "%s" }
                """.formatted("ab".repeat(32), key(1), key(2)));

        registry.merge(seed);
        String opcuaKey = registry.find(IdentityId.module("line-1", "opcua")).get().credentials().primary();
        registry.merge(seed);

        assertThat(registry.devices().stream().map(device -> device.id().toString()).toList(),
                contains("already-there", "dev:1@a", "line-1", "plc-7", "sensor-7"));
        assertThat(registry.find(IdentityId.module("line-1", "opcua")).get().credentials().primary(), is(opcuaKey));
        assertThat(registry.find(IdentityId.module("line-1", "filter")).get().enabled(), is(false));
        assertThat(registry.find(IdentityId.device("sensor-7")).get().parentId(), is("line-1"));
        assertThat(registry.find(IdentityId.device("sensor-7")).get().credentials().type(), is(AuthType.X509_THUMBPRINT));
        assertThat(registry.find(IdentityId.device("plc-7")).get().credentials().type(), is(AuthType.X509_CA));
        assertThat(registry.find(IdentityId.device("dev:1@a")).get().credentials(),
                is(Credentials.symmetricKeys(key(1), key(2))));
    }

    @Test
    public void mergesAJsonSeed() throws Exception {
        registry.merge(write("identities.json", """
                {"devices": [
                  {"id": "line-1", "edge": true, "modules": [{"id": "opcua"}]},
                  {"id": "sensor-1", "parent": "line-1", "enabled": false}
                ]}
                """));

        assertThat(registry.find(IdentityId.device("line-1")).get().isEdgeDevice(), is(true));
        assertThat(registry.find(IdentityId.device("sensor-1")).get().enabled(), is(false));
        assertThat(registry.modules("line-1").size(), is(1));
    }

    @Test
    public void loadsTheShippedExample() throws Exception {
        Path example = Path.of("../../etc/strata-identities.yaml.example");

        registry.merge(Files.copy(example, folder.getRoot().toPath().resolve("strata-identities.yaml")));

        assertThat(registry.children("line-1").size(), is(3));
        assertThat(registry.modules("line-1").size(), is(2));
    }

    @Test
    public void aMalformedSeedChangesNothing() throws Exception {
        registry.add(edge("line-1"));
        List<Identity> before = registry.devices();
        String stored = Files.readString(storeDirectory.resolve("identities.json"));

        assertSeedRefused("broken.yaml", "devices:\n  - id: line-1\n    edge: [unclosed\n", "line 3");
        assertSeedRefused("typo.yaml", "devices:\n  - id: line-1\n    prent: x\n", "unknown key 'prent'");
        assertSeedRefused("leaf-parent.json",
                "{\"devices\": [{\"id\": \"line-1\"}, {\"id\": \"s\", \"parent\": \"line-1\"}]}",
                "only edge devices can be parents");
        assertSeedRefused("bad-auth.yaml", "devices:\n  - id: a\n    auth: { type: password }\n",
                "Unknown authentication type 'password'");
        assertSeedRefused("twice.yaml", "devices:\n  - id: a\n  - id: a\n", "'a' is listed twice");
        assertSeedRefused("missing.yaml", null, "no such file");

        assertThat(registry.devices(), is(before));
        assertThat(reopen().devices(), is(before));
        assertThat(Files.readString(storeDirectory.resolve("identities.json")), is(stored));
    }

    private void assertSeedRefused(String name, String content, String problem) throws Exception {
        Path file = content == null ? folder.getRoot().toPath().resolve(name) : write(name, content);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> registry.merge(file));

        assertThat(refused.getMessage(), containsString("Cannot load identities from " + file + ": "));
        assertThat(refused.getMessage(), containsString(problem));
    }

    private PersistentIdentityRegistry reopen() {
        return new PersistentIdentityRegistry(new IdentityStore(storeDirectory), HOST,
                Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(folder.getRoot().toPath().resolve(name), content);
    }

    private static String key(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return Base64.getEncoder().encodeToString(key);
    }

    private static Identity edge(String id) {
        return Identity.device(id, true, Credentials.generateSymmetricKeys());
    }

    private static Identity leaf(String id) {
        return Identity.device(id, false, Credentials.generateSymmetricKeys());
    }

    private static Identity module(String deviceId, String moduleId) {
        return Identity.module(deviceId, moduleId, Credentials.generateSymmetricKeys());
    }
}
