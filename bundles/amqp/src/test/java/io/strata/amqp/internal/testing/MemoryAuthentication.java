package io.strata.amqp.internal.testing;

import io.strata.api.identity.AuthType;
import io.strata.api.identity.AuthenticationResult;
import io.strata.api.identity.AuthenticationResult.Outcome;
import io.strata.api.identity.Authenticator;
import io.strata.api.identity.Authorizer;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.identity.SasToken;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Authentication over a registry in a test: a SAS token counts when it is the one its identity's key
 * signs for this hostname and its expiry (until which it holds) and its identity is enabled, a certificate when its SHA-256 thumbprint is the registered
 * one; identities of registered, enabled devices may connect.
 */
public final class MemoryAuthentication implements Authenticator, Authorizer {

    private final IdentityRegistry registry;
    private final String hostname;

    public MemoryAuthentication(IdentityRegistry registry, String hostname) {
        this.registry = registry;
        this.hostname = hostname;
    }

    @Override
    public AuthenticationResult authenticateToken(IdentityId id, String sasToken) {
        Optional<Identity> identity = registry.find(id);
        Instant expiry = expiry(sasToken);
        if (identity.isEmpty() || identity.get().credentials().type() != AuthType.SYMMETRIC_KEY || expiry == null) {
            return AuthenticationResult.refused(id, Outcome.UNKNOWN_IDENTITY, "no key for " + id);
        }
        if (!identity.get().enabled()) {
            return AuthenticationResult.refused(id, Outcome.DISABLED, "disabled");
        }
        if (expiry.isBefore(Instant.now())) {
            return AuthenticationResult.refused(id, Outcome.EXPIRED, "expired");
        }
        String resource = SasToken.resource(hostname, id);
        String primary = SasToken.create(resource, identity.get().credentials().primary(), expiry);
        String secondary = SasToken.create(resource, identity.get().credentials().secondary(), expiry);
        return sasToken.equals(primary) || sasToken.equals(secondary) ? AuthenticationResult.authenticated(id, "key", expiry)
                : AuthenticationResult.refused(id, Outcome.WRONG_SIGNATURE, "wrong signature");
    }

    @Override
    public AuthenticationResult authenticateCertificate(IdentityId id, List<X509Certificate> chain) {
        Optional<Identity> identity = registry.find(id);
        if (identity.isEmpty() || identity.get().credentials().type() != AuthType.X509_THUMBPRINT || chain.isEmpty()) {
            return AuthenticationResult.refused(id, Outcome.WRONG_AUTH_TYPE, "no thumbprint for " + id);
        }
        return identity.get().credentials().primary().equals(thumbprint(chain.get(0)))
                ? AuthenticationResult.authenticated(id, "thumbprint")
                : AuthenticationResult.refused(id, Outcome.THUMBPRINT_MISMATCH, "another certificate");
    }

    /** The token's {@code se}; null when it has none readable. */
    private static Instant expiry(String token) {
        for (String field : token.substring(token.indexOf(' ') + 1).split("&")) {
            if (field.startsWith("se=")) {
                try {
                    return Instant.ofEpochSecond(Long.parseLong(field.substring(3)));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The SHA-256 thumbprint as the registry stores it: lower-case hex. */
    public static String thumbprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean mayConnect(IdentityId id) {
        return registry.find(IdentityId.device(id.deviceId())).map(Identity::enabled).orElse(false);
    }

    @Override
    public boolean mayPublish(IdentityId id, String topic) {
        return false;
    }

    @Override
    public boolean maySubscribe(IdentityId id, String topicFilter) {
        return false;
    }
}
