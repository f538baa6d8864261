package io.strata.testing;

import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityListener;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.identity.KeySlot;
import io.strata.api.identity.SasToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A registry in memory that keeps the rule that a device's parent is registered, lists as the real
 * one does (ordered by id), removes a device with its modules and tells its listeners. It signs SAS
 * tokens as a hub does ({@link SasToken}).
 */
public final class MemoryIdentityRegistry implements IdentityRegistry {

    public final List<IdentityListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Identity> identities = new TreeMap<>();
    private final String hostname;

    public MemoryIdentityRegistry(String hostname) {
        this.hostname = hostname;
    }

    /** Adds a module of a device with generated keys; for building a registry in a field initializer. */
    public MemoryIdentityRegistry withModule(String deviceId, String moduleId, boolean enabled) {
        add(Identity.module(deviceId, moduleId, Credentials.generateSymmetricKeys()).withEnabled(enabled));
        return this;
    }

    @Override
    public synchronized Optional<Identity> find(IdentityId id) {
        return Optional.ofNullable(identities.get(id.toString()));
    }

    @Override
    public synchronized List<Identity> devices() {
        return identities.values().stream().filter(identity -> !identity.id().isModule()).toList();
    }

    @Override
    public synchronized List<Identity> modules(String deviceId) {
        return identities.values().stream()
                .filter(identity -> identity.id().isModule() && identity.id().deviceId().equals(deviceId)).toList();
    }

    @Override
    public synchronized List<Identity> children(String deviceId) {
        return devices().stream().filter(device -> deviceId.equals(device.parentId())).toList();
    }

    @Override
    public Identity add(Identity identity) {
        if (find(identity.id()).isPresent()) {
            throw new IllegalArgumentException(identity.id() + " exists");
        }
        return put(identity);
    }

    @Override
    public Identity put(Identity identity) {
        synchronized (this) {
            if (identity.parentId() != null && !identities.containsKey(identity.parentId())) {
                throw new IllegalArgumentException("parent " + identity.parentId() + " does not exist");
            }
            if (identity.equals(identities.get(identity.id().toString()))) {
                return identity;
            }
            identities.put(identity.id().toString(), identity);
        }
        listeners.forEach(listener -> listener.identityChanged(identity.id(), Optional.of(identity)));
        return identity;
    }

    @Override
    public List<Identity> subtree(String deviceId) {
        List<Identity> below = new ArrayList<>();
        for (Identity child : children(deviceId)) {
            below.add(child);
            below.addAll(subtree(child.id().deviceId()));
        }
        below.sort((a, b) -> a.id().deviceId().compareTo(b.id().deviceId()));
        return below;
    }

    @Override
    public void remove(IdentityId id) {
        List<IdentityId> removed = new ArrayList<>();
        synchronized (this) {
            removed.add(id);
            identities.remove(id.toString());
            if (!id.isModule()) {
                modules(id.deviceId()).forEach(module -> removed.add(module.id()));
                removed.forEach(gone -> identities.remove(gone.toString()));
                children(id.deviceId()).forEach(child -> identities.put(child.id().toString(), child.withParent(null)));
            }
        }
        removed.forEach(gone -> listeners.forEach(listener -> listener.identityChanged(gone, Optional.empty())));
    }

    @Override
    public Identity setEnabled(IdentityId id, boolean enabled) {
        return put(find(id).orElseThrow().withEnabled(enabled));
    }

    @Override
    public Identity setParent(String deviceId, String parentId) {
        return put(find(IdentityId.device(deviceId)).orElseThrow().withParent(parentId));
    }

    @Override
    public Identity regenerateKey(IdentityId id, KeySlot slot) {
        Identity identity = find(id).orElseThrow();
        return put(identity.withCredentials(identity.credentials().withNewKey(slot)));
    }

    @Override
    public String hostname() {
        return hostname;
    }

    @Override
    public String connectionString(IdentityId id, KeySlot slot, boolean viaGateway) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String createSasToken(IdentityId id, KeySlot slot, Duration ttl) {
        Identity identity = find(id).orElseThrow();
        return sign(id, identity.credentials().get(slot), Instant.now().plus(ttl));
    }

    /** The token {@code key} signs for {@code id} on this hub until {@code expiry}. */
    String sign(IdentityId id, String key, Instant expiry) {
        return SasToken.create(SasToken.resource(hostname, id), key, expiry);
    }
}
