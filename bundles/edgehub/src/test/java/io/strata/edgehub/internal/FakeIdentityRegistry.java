package io.strata.edgehub.internal;

import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.identity.KeySlot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A registry in memory that only finds, adds and enables identities. */
final class FakeIdentityRegistry implements IdentityRegistry {

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
        identities.put(identity.id(), identity);
        return identity;
    }

    @Override
    public Identity setEnabled(IdentityId id, boolean enabled) {
        return add(identities.get(id).withEnabled(enabled));
    }

    @Override
    public List<Identity> devices() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Identity> modules(String deviceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Identity> children(String deviceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Identity put(Identity identity) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Identity> subtree(String deviceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void remove(IdentityId id) {
        throw new UnsupportedOperationException();
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
