package io.strata.identity.internal;

import io.strata.api.certs.CertificateStore;
import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.identity.AuthType;
import io.strata.api.identity.AuthenticationResult;
import io.strata.api.identity.AuthenticationResult.Outcome;
import io.strata.api.identity.Authenticator;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.identity.KeySlot;
import io.strata.api.identity.SasToken;
import io.strata.api.metrics.OperationCounters;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks SAS tokens and client certificates against the registry. Every refusal is logged once
 * with its reason; keys, signatures and tokens never are.
 */
@Component(service = Authenticator.class, configurationPid = IdentityConfig.PID)
public class IdentityAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityAuthenticator.class);

    private final IdentityRegistry registry;
    private final Clock clock;
    private volatile TokenLimits limits;

    /** Checks CA-signed certificates; CA authentication is refused while there is none. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CertificateStore certificateStore;

    /** Counts refused clients for the node's metrics, while they are installed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile OperationCounters counters;

    @Activate
    public IdentityAuthenticator(@Reference IdentityRegistry registry, Map<String, Object> properties) {
        this(registry, Clock.systemUTC(), TokenLimits.of(ValidatedConfiguration.readAtStart(IdentityConfig.class,
                IdentityConfig.PID, properties, LOG, "The authenticator")));
    }

    IdentityAuthenticator(IdentityRegistry registry, Clock clock, TokenLimits limits) {
        this.registry = registry;
        this.clock = clock;
        this.limits = limits;
    }

    @Modified
    void modified(Map<String, Object> properties) {
        ValidatedConfiguration.readChange(IdentityConfig.class, IdentityConfig.PID, properties, LOG, "The authenticator")
                .ifPresent(config -> limits = TokenLimits.of(config));
    }

    @Override
    public AuthenticationResult authenticateToken(IdentityId id, String sasToken) {
        return decide(id, () -> checkToken(id, sasToken));
    }

    @Override
    public AuthenticationResult authenticateCertificate(IdentityId id, List<X509Certificate> chain) {
        return decide(id, () -> checkCertificate(id, chain));
    }

    private Proof checkToken(IdentityId id, String sasToken) throws Refusal {
        SasToken token;
        try {
            token = SasToken.parse(sasToken);
        } catch (IllegalArgumentException e) {
            throw new Refusal(Outcome.MALFORMED_TOKEN, e.getMessage());
        }
        Credentials keys = registered(id, EnumSet.of(AuthType.SYMMETRIC_KEY)).credentials();
        if (!token.isFor(registry.hostname(), id)) {
            throw new Refusal(Outcome.WRONG_RESOURCE, "the token is for '" + token.resource() + "', not for '"
                    + SasToken.resource(registry.hostname(), id) + "'");
        }
        KeySlot slot = Stream.of(KeySlot.values()).filter(candidate -> token.isSignedWith(keys.get(candidate)))
                .findFirst().orElseThrow(() -> new Refusal(Outcome.WRONG_SIGNATURE, "the signature matches neither key"));
        checkExpiry(token.expiry());
        return new Proof("SAS token signed with the " + slot.name().toLowerCase(Locale.ROOT) + " key",
                Instant.ofEpochSecond(token.expiry()));
    }

    private void checkExpiry(long expiry) throws Refusal {
        TokenLimits current = limits;
        long now = clock.instant().getEpochSecond();
        if (expiry + current.clockSkew().toSeconds() < now) {
            throw new Refusal(Outcome.EXPIRED, "the token expired at " + Instant.ofEpochSecond(expiry)
                    + ", more than " + current.clockSkew().toSeconds() + " s ago");
        }
        if (expiry - now > current.maxLifetime().plus(current.clockSkew()).toSeconds()) {
            throw new Refusal(Outcome.EXPIRY_TOO_DISTANT, "the token expires at " + Instant.ofEpochSecond(expiry)
                    + ", beyond the maximum token lifetime of " + current.maxLifetime().toSeconds() + " s");
        }
    }

    private Proof checkCertificate(IdentityId id, List<X509Certificate> chain) throws Refusal {
        if (chain == null || chain.isEmpty()) {
            throw new Refusal(Outcome.NO_CERTIFICATE, "no client certificate was presented");
        }
        X509Certificate leaf = chain.get(0);
        Credentials credentials = registered(id, EnumSet.of(AuthType.X509_THUMBPRINT, AuthType.X509_CA)).credentials();
        if (credentials.type() == AuthType.X509_THUMBPRINT) {
            checkThumbprint(leaf, credentials);
            return new Proof("certificate thumbprint", leaf.getNotAfter().toInstant());
        }
        checkCertificateAuthority(id, chain);
        return new Proof("CA-signed certificate", leaf.getNotAfter().toInstant());
    }

    private void checkThumbprint(X509Certificate leaf, Credentials thumbprints) throws Refusal {
        try {
            leaf.checkValidity(Date.from(clock.instant()));
        } catch (CertificateException e) {
            throw new Refusal(Outcome.CERTIFICATE_REJECTED, "the certificate is not valid now: " + e.getMessage());
        }
        Set<String> presented = Certificates.thumbprints(leaf);
        if (Stream.of(thumbprints.primary(), thumbprints.secondary()).filter(Objects::nonNull)
                .noneMatch(presented::contains)) {
            throw new Refusal(Outcome.THUMBPRINT_MISMATCH, "the certificate's thumbprints match neither registered one");
        }
    }

    private void checkCertificateAuthority(IdentityId id, List<X509Certificate> chain) throws Refusal {
        CertificateStore store = certificateStore;
        if (store == null) {
            throw new Refusal(Outcome.NO_CERTIFICATE_STORE,
                    "no certificate store is running to check CA-signed certificates");
        }
        try {
            store.validateClientChain(chain);
        } catch (CertificateException e) {
            throw new Refusal(Outcome.CERTIFICATE_REJECTED, "the certificate chain is not trusted: " + e.getMessage());
        }
        String commonName = Certificates.commonName(chain.get(0));
        if (!commonName.equals(id.toString())) {
            throw new Refusal(Outcome.COMMON_NAME_MISMATCH, "the certificate's CN is '" + commonName + "', not '"
                    + id + "'");
        }
    }

    private Identity registered(IdentityId id, Set<AuthType> accepted) throws Refusal {
        Identity identity = registry.find(id)
                .orElseThrow(() -> new Refusal(Outcome.UNKNOWN_IDENTITY, "no such identity is registered"));
        if (!identity.enabled()) {
            throw new Refusal(Outcome.DISABLED, "the identity is disabled");
        }
        if (!accepted.contains(identity.credentials().type())) {
            throw new Refusal(Outcome.WRONG_AUTH_TYPE, "the identity authenticates with "
                    + identity.credentials().type().label());
        }
        return identity;
    }

    private AuthenticationResult decide(IdentityId id, Check check) {
        try {
            Proof proof = check.run();
            LOG.debug("Authenticated {} by {} until {}", id, proof.how(), proof.validUntil());
            return AuthenticationResult.authenticated(id, proof.how(), proof.validUntil());
        } catch (Refusal refusal) {
            LOG.info("Refused {}: {}, {}", id, refusal.outcome, refusal.getMessage());
            OperationCounters counting = counters;
            if (counting != null) {
                counting.clientRefused(id, refusal.outcome.name().toLowerCase(Locale.ROOT));
            }
            return AuthenticationResult.refused(id, refusal.outcome, refusal.getMessage());
        }
    }

    /** One authentication check: how the identity proved itself, or why it did not. */
    @FunctionalInterface
    private interface Check {
        Proof run() throws Refusal;
    }

    /** How an identity proved itself, and until when that proof holds. */
    private record Proof(String how, Instant validUntil) {
    }

    /** Why a check refused; it ends the check and carries no stack trace, as it is no error. */
    private static final class Refusal extends Exception {

        private static final long serialVersionUID = 1L;

        private final Outcome outcome;

        Refusal(Outcome outcome, String detail) {
            super(detail, null, false, false);
            this.outcome = outcome;
        }
    }
}
