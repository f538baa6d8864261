package io.strata.amqp.internal.upstream;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import java.util.List;
import org.junit.Test;

public class IdentitySyncTest {

    private final MemoryIdentityRegistry registry = new MemoryIdentityRegistry("line-2");
    private final IdentitySync sync = new IdentitySync(registry, "line-2");

    @Test
    public void theParentsSnapshotReplacesEverythingButThisNodesOwnModules() {
        registry.put(Identity.device("line-2", true, Credentials.generateSymmetricKeys()));
        registry.put(Identity.module("line-2", "$edgeAgent", Credentials.generateSymmetricKeys()));
        registry.put(Identity.device("stale", true, Credentials.generateSymmetricKeys()));
        registry.put(Identity.module("stale", "mod", Credentials.generateSymmetricKeys()));
        Credentials ownKeys = Credentials.generateSymmetricKeys();

        sync.apply(List.of(
                // children before their parents: the order of a snapshot must not matter
                device("sensor-9", false, "line-3"),
                Identity.device("line-2", true, ownKeys).withParent("line-1"),
                device("line-3", true, "line-2"),
                Identity.module("line-3", "filter", Credentials.generateSymmetricKeys()),
                device("sensor-1", false, "line-2")));

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

        sync.apply(List.of(Identity.device("line-2", true, ownKeys), device("line-3", true, "line-2")));

        assertTrue(registry.find(IdentityId.device("sensor-1")).isEmpty());
        assertTrue("a module the parent dropped goes", registry.find(IdentityId.module("line-3", "filter")).isEmpty());
        assertTrue(registry.find(IdentityId.module("line-2", "$edgeAgent")).isPresent());
    }

    private static Identity device(String id, boolean edge, String parent) {
        return Identity.device(id, edge, Credentials.generateSymmetricKeys()).withParent(parent);
    }
}
