package io.strata.edgehub.internal.nodes;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.twin.TwinSection;
import io.strata.testing.MemoryIdentityRegistry;
import io.strata.testing.MemoryTwinService;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class EdgeHubParentNodeTest {

    private final MemoryIdentityRegistry registry = new MemoryIdentityRegistry("edge.test");
    private final MemoryTwinService twins = new MemoryTwinService();
    private final EdgeHubParentNode parent = new EdgeHubParentNode(registry, twins, "line-2");

    @Test
    public void theParentsSnapshotReplacesEverythingButThisNodesOwnModules() {
        registry.put(Identity.device("line-2", true, Credentials.generateSymmetricKeys()));
        registry.put(Identity.module("line-2", "$edgeAgent", Credentials.generateSymmetricKeys()));
        registry.put(Identity.device("stale", true, Credentials.generateSymmetricKeys()));
        registry.put(Identity.module("stale", "mod", Credentials.generateSymmetricKeys()));
        Credentials ownKeys = Credentials.generateSymmetricKeys();

        parent.applyIdentitySnapshot(IdentitySnapshot.toJson(List.of(
                // children before their parents: the order of a snapshot must not matter
                device("sensor-9", false, "line-3"),
                Identity.device("line-2", true, ownKeys).withParent("line-1"),
                device("line-3", true, "line-2"),
                Identity.module("line-3", "filter", Credentials.generateSymmetricKeys()),
                device("sensor-1", false, "line-2"))));

        Identity own = registry.find(IdentityId.device("line-2")).orElseThrow();
        assertNull("the parent node is not registered here", own.parentId());
        assertEquals(ownKeys, own.credentials());
        assertTrue("the agent's modules stay", registry.find(IdentityId.module("line-2", "$edgeAgent")).isPresent());
        assertEquals("line-3", registry.find(IdentityId.device("sensor-9")).orElseThrow().parentId());
        assertEquals(List.of("line-3", "sensor-1", "sensor-9"),
                registry.subtree("line-2").stream().map(identity -> identity.id().deviceId()).toList());
        assertTrue(registry.find(IdentityId.device("stale")).isEmpty());
        assertTrue(registry.find(IdentityId.module("stale", "mod")).isEmpty());
        assertTrue(registry.find(IdentityId.module("line-3", "filter")).isPresent());

        parent.applyIdentitySnapshot(IdentitySnapshot.toJson(List.of(Identity.device("line-2", true, ownKeys),
                device("line-3", true, "line-2"))));

        assertTrue(registry.find(IdentityId.device("sensor-1")).isEmpty());
        assertTrue("a module the parent dropped goes", registry.find(IdentityId.module("line-3", "filter")).isEmpty());
        assertTrue(registry.find(IdentityId.module("line-2", "$edgeAgent")).isPresent());
    }

    @Test
    public void aSnapshotWithAnInvalidEntryNamesItAndChangesNothing() {
        registry.put(Identity.device("line-2", true, Credentials.generateSymmetricKeys()));
        registry.put(device("sensor-1", false, "line-2"));
        String valid = IdentitySnapshot.toJson(List.of(Identity.device("line-2", true, Credentials.generateSymmetricKeys())));
        String snapshot = valid.replace("]}", ",{\"deviceId\":\"sensor-2\",\"kind\":\"robot\",\"auth\":\"sas\"}]}");

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> parent.applyIdentitySnapshot(snapshot));
        assertTrue(refused.getMessage(), refused.getMessage().contains("sensor-2"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("robot"));
        assertTrue(registry.find(IdentityId.device("sensor-1")).isPresent());
        assertThrows(IllegalArgumentException.class, () -> parent.applyIdentitySnapshot("{\"devices\":[]}"));
        assertThrows(IllegalArgumentException.class, () -> parent.applyIdentitySnapshot("not json"));
    }

    @Test
    public void everyKindAndAuthenticationSurvivesTheSnapshotText() {
        List<Identity> identities = List.of(
                Identity.device("line-2", true, Credentials.generateSymmetricKeys()),
                new Identity(IdentityId.device("cam"), io.strata.api.identity.IdentityKind.LEAF_DEVICE, false,
                        Credentials.thumbprints("ab".repeat(20), "cd".repeat(32)), "line-2"),
                Identity.module("line-2", "filter", Credentials.generateSymmetricKeys()));
        assertEquals(identities, IdentitySnapshot.fromJson(IdentitySnapshot.toJson(identities)));
    }

    @Test
    public void desiredSectionsBecomeTheParentsAndReportedOnesAreListedWithTheirVersions() {
        IdentityId agent = IdentityId.module("line-2", "$edgeAgent");
        assertTrue(parent.applyDesired(new TwinSection(agent, "{\"modules\":{}}", 4)));
        assertFalse("the same version again changes nothing",
                parent.applyDesired(new TwinSection(agent, "{\"modules\":{}}", 4)));
        assertEquals("{\"modules\":{}}", twins.get(agent).desired());
        assertEquals(4, twins.get(agent).desiredVersion());

        IdentityId sensor = IdentityId.device("sensor-1");
        twins.patchReported(sensor, "{\"battery\":80}");
        assertEquals(List.of(new TwinSection(sensor, "{\"battery\":80}", 1)), parent.reportedSections());
        assertEquals(Optional.of(new TwinSection(sensor, "{\"battery\":80}", 1)), parent.reportedSection(sensor));
        assertEquals("only a desired section", Optional.empty(), parent.reportedSection(agent));
    }

    private static Identity device(String id, boolean edge, String parent) {
        return Identity.device(id, edge, Credentials.generateSymmetricKeys()).withParent(parent);
    }
}
