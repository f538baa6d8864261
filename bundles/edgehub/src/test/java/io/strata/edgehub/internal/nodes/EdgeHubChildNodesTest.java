package io.strata.edgehub.internal.nodes;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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
import org.junit.Before;
import org.junit.Test;

public class EdgeHubChildNodesTest {

    private final MemoryIdentityRegistry registry = new MemoryIdentityRegistry("edge.test");
    private final MemoryTwinService twins = new MemoryTwinService();
    private final EdgeHubChildNodes childNodes = new EdgeHubChildNodes(registry, twins);

    @Before
    public void hierarchy() {
        // hub -> line-1 (edge) -> cell-2 (edge) -> sensor-3 (leaf); other beside line-1
        registry.put(device("hub", true, null));
        registry.put(device("line-1", true, "hub"));
        registry.put(device("cell-2", true, "line-1"));
        registry.put(device("sensor-3", false, "cell-2"));
        registry.put(device("other", false, "hub"));
        registry.put(Identity.module("line-1", "$edgeAgent", Credentials.generateSymmetricKeys()));
        registry.put(Identity.module("cell-2", "filter", Credentials.generateSymmetricKeys()));
        registry.put(Identity.module("hub", "$edgeHub", Credentials.generateSymmetricKeys()));
    }

    @Test
    public void theSubtreeIsTheDeviceEveryDeviceBelowAndTheirModulesRegisteredOrNot() {
        assertTrue(childNodes.isInSubtree("line-1", IdentityId.device("line-1")));
        assertTrue(childNodes.isInSubtree("line-1", IdentityId.module("line-1", "made-by-its-agent")));
        assertTrue(childNodes.isInSubtree("line-1", IdentityId.device("sensor-3")));
        assertTrue(childNodes.isInSubtree("line-1", IdentityId.module("cell-2", "filter")));
        assertTrue(childNodes.isInSubtree("line-1", IdentityId.module("sensor-3", "unregistered")));
        assertFalse(childNodes.isInSubtree("line-1", IdentityId.device("other")));
        assertFalse("the node above is not below", childNodes.isInSubtree("line-1", IdentityId.device("hub")));
        assertFalse(childNodes.isInSubtree("line-1", IdentityId.module("hub", "$edgeHub")));
        assertFalse(childNodes.isInSubtree("cell-2", IdentityId.device("line-1")));
    }

    @Test
    public void theSnapshotHoldsTheSubtreesRegisteredIdentitiesAsTheyAre() {
        List<Identity> snapshot = IdentitySnapshot.fromJson(childNodes.identitySnapshot("line-1"));

        assertEquals(List.of("line-1", "line-1/$edgeAgent", "cell-2", "cell-2/filter", "sensor-3"),
                snapshot.stream().map(identity -> identity.id().toString()).toList());
        for (Identity identity : snapshot) {
            assertEquals(registry.find(identity.id()).orElseThrow(), identity);
        }
        assertEquals("{\"identities\":[]}", childNodes.identitySnapshot("unknown"));
    }

    @Test
    public void desiredSectionsAreTheSubtreesThatHaveOne() {
        twins.patchDesired(IdentityId.module("line-1", "$edgeAgent"), "{\"modules\":{}}");
        twins.patchDesired(IdentityId.device("sensor-3"), "{\"threshold\":25}");
        twins.patchDesired(IdentityId.device("other"), "{\"x\":1}");
        twins.patchReported(IdentityId.device("cell-2"), "{\"only\":\"reported\"}");

        assertEquals(List.of(new TwinSection(IdentityId.module("line-1", "$edgeAgent"), "{\"modules\":{}}", 1),
                new TwinSection(IdentityId.device("sensor-3"), "{\"threshold\":25}", 1)),
                childNodes.desiredSections("line-1"));
        assertEquals(Optional.of(new TwinSection(IdentityId.device("other"), "{\"x\":1}", 1)),
                childNodes.desiredSection(IdentityId.device("other")));
        assertEquals(Optional.empty(), childNodes.desiredSection(IdentityId.device("cell-2")));
    }

    @Test
    public void reportedSectionsAreStoredOnlyForTheSubtree() {
        TwinSection reported = new TwinSection(IdentityId.module("cell-2", "filter"), "{\"temp\":30}", 7);
        assertTrue(childNodes.storeReported("line-1", reported));
        assertEquals("{\"temp\":30}", twins.get(reported.identity()).reported());
        assertEquals(7, twins.get(reported.identity()).reportedVersion());
        assertFalse("the same section again changes nothing", childNodes.storeReported("line-1", reported));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> childNodes
                .storeReported("cell-2", new TwinSection(IdentityId.device("other"), "{\"temp\":1}", 1)));
        assertEquals("other is not in the subtree of cell-2", refused.getMessage());
        assertEquals(0, twins.get(IdentityId.device("other")).reportedVersion());
    }

    private static Identity device(String id, boolean edge, String parent) {
        return Identity.device(id, edge, Credentials.generateSymmetricKeys()).withParent(parent);
    }
}
