package io.strata.edgehub.internal;

import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.identity.KeySlot;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registry in memory: finds, adds, replaces, enables and removes identities, keeps the rule that a
 * device's parent is registered, and lists as the real one does (ordered by id).
 */
public final class FakeIdentityRegistry implements IdentityRegistry {

    private static final Comparator<Identity> BY_ID = Comparator.comparing(identity -> identity.id().toString());

    private final Map<IdentityId, Identity> identities = new ConcurrentHashMap<>();

    FakeIdentityRegistry withModule(String deviceId, String moduleId, boolean enabled) {
        add(Identity.module(deviceId, moduleId, Credentials.generateSymmetricKeys()).withEnabled(enabled));
        return this;
    }

    @Override
    public Optional<Identity> find(IdentityId id) {
        return Optional.ofNullable(identities.get(id));
    }

    @Override
    public Identity add(Identity identity) {
        return put(identity);
    }

    @Override
    public Identity setEnabled(IdentityId id, boolean enabled) {
        return add(identities.get(id).withEnabled(enabled));
    }

    @Override
    public List<Identity> devices() {
        return identities.values().stream().filter(identity -> !identity.id().isModule()).sorted(BY_ID).toList();
    }

    @Override
    public List<Identity> modules(String deviceId) {
        return identities.values().stream().filter(identity -> identity.id().isModule())
                .filter(identity -> identity.id().deviceId().equals(deviceId)).sorted(BY_ID).toList();
    }

    @Override
    public List<Identity> children(String deviceId) {
        return devices().stream().filter(identity -> deviceId.equals(identity.parentId())).toList();
    }

    @Override
    public Identity put(Identity identity) {
        String parent = identity.parentId();
        if (parent != null && !identities.containsKey(IdentityId.device(parent))) {
            throw new IllegalArgumentException("The parent '" + parent + "' of " + identity.id() + " is not registered");
        }
        identities.put(identity.id(), identity);
        return identity;
    }

    @Override
    public List<Identity> subtree(String deviceId) {
        List<Identity> below = new ArrayList<>();
        Deque<String> pending = new ArrayDeque<>(List.of(deviceId));
        while (!pending.isEmpty()) {
            for (Identity child : children(pending.remove())) {
                below.add(child);
                pending.add(child.id().deviceId());
            }
        }
        below.sort(BY_ID);
        return below;
    }

    /** As the real registry: a device's modules go with it, and its children lose their parent. */
    @Override
    public void remove(IdentityId id) {
        identities.remove(id);
        if (!id.isModule()) {
            modules(id.deviceId()).forEach(module -> identities.remove(module.id()));
            children(id.deviceId()).forEach(child -> identities.put(child.id(), child.withParent(null)));
        }
    }

    @Override
    public Identity setParent(String deviceId, String parentId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Identity regenerateKey(IdentityId id, KeySlot slot) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String hostname() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String connectionString(IdentityId id, KeySlot slot, boolean viaGateway) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String createSasToken(IdentityId id, KeySlot slot, Duration ttl) {
        throw new UnsupportedOperationException();
    }
}
