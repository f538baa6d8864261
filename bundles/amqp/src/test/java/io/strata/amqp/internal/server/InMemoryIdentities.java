package io.strata.amqp.internal.server;

import io.strata.amqp.internal.protocol.SasTokens;
import io.strata.api.identity.AuthenticationResult;
import io.strata.api.identity.AuthenticationResult.Outcome;
import io.strata.api.identity.Authenticator;
import io.strata.api.identity.Authorizer;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.identity.KeySlot;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A registry, authenticator and authorizer in memory for the listener's tests: tokens are checked by
 * signing the same resource and expiry again, and every registered, enabled identity may connect.
 */
final class InMemoryIdentities implements IdentityRegistry, Authenticator, Authorizer {

    private final String hostname;
    private final Map<String, Identity> identities = new ConcurrentSkipListMap<>();

    InMemoryIdentities(String hostname) {
        this.hostname = hostname;
    }

    @Override
    public AuthenticationResult authenticateToken(IdentityId id, String sasToken) {
        Optional<Identity> identity = find(id);
        if (identity.isEmpty()) {
            return AuthenticationResult.refused(id, Outcome.UNKNOWN_IDENTITY, "not registered");
        }
        Instant expiry = SasTokens.expiry(sasToken);
        if (expiry == null) {
            return AuthenticationResult.refused(id, Outcome.MALFORMED_TOKEN, "no expiry");
        }
        String resource = SasTokens.resource(hostname, id);
        for (String key : new String[] {identity.get().credentials().primary(), identity.get().credentials().secondary()}) {
            if (key != null && SasTokens.create(resource, key, expiry).equals(sasToken)) {
                return Instant.now().isAfter(expiry) ? AuthenticationResult.refused(id, Outcome.EXPIRED, "expired")
                        : AuthenticationResult.authenticated(id, "token");
            }
        }
        return AuthenticationResult.refused(id, Outcome.WRONG_SIGNATURE, "signature");
    }

    @Override
    public AuthenticationResult authenticateCertificate(IdentityId id, List<X509Certificate> chain) {
        return AuthenticationResult.refused(id, Outcome.WRONG_AUTH_TYPE, "no certificates in this test");
    }

    @Override
    public boolean mayConnect(IdentityId id) {
        return find(id).map(Identity::enabled).orElse(false);
    }

    @Override
    public boolean mayPublish(IdentityId id, String topic) {
        return mayConnect(id);
    }

    @Override
    public boolean maySubscribe(IdentityId id, String topicFilter) {
        return mayConnect(id);
    }

    @Override
    public Optional<Identity> find(IdentityId id) {
        return Optional.ofNullable(identities.get(id.toString()));
    }

    @Override
    public List<Identity> devices() {
        return identities.values().stream().filter(identity -> !identity.id().isModule()).toList();
    }

    @Override
    public List<Identity> modules(String deviceId) {
        return identities.values().stream()
                .filter(identity -> identity.id().isModule() && identity.id().deviceId().equals(deviceId)).toList();
    }

    @Override
    public List<Identity> children(String deviceId) {
        return devices().stream().filter(identity -> deviceId.equals(identity.parentId())).toList();
    }

    @Override
    public Identity add(Identity identity) {
        return put(identity);
    }

    @Override
    public Identity put(Identity identity) {
        identities.put(identity.id().toString(), identity);
        return identity;
    }

    @Override
    public List<Identity> subtree(String deviceId) {
        List<Identity> below = new ArrayList<>();
        for (Identity child : children(deviceId)) {
            below.add(child);
            below.addAll(subtree(child.id().deviceId()));
        }
        below.sort(Comparator.comparing(identity -> identity.id().toString()));
        return below;
    }

    @Override
    public void remove(IdentityId id) {
        identities.remove(id.toString());
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
        throw new UnsupportedOperationException();
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
        return SasTokens.create(SasTokens.resource(hostname, id), identity.credentials().get(slot), Instant.now().plus(ttl));
    }
}
