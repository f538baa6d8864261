package io.strata.api.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether an identity proved who it is and, when it did not, why: callers log or count the
 * {@link Outcome} but tell the client no more than "not authorized".
 *
 * @param identity the identity that tried
 * @param outcome  {@link Outcome#AUTHENTICATED} or the reason it was refused
 * @param detail   a human-readable explanation; never contains keys or signatures
 * @param validUntil when the credential stops proving the identity (a SAS token's expiry, a
 *                 certificate's end of validity), so that a session ends with it; null when
 *                 refused, or when the credential names no end
 */
public record AuthenticationResult(IdentityId identity, Outcome outcome, String detail, Instant validUntil) {

    /** The result of one attempt. */
    public enum Outcome {
        AUTHENTICATED,
        /** The token is not a well-formed {@code SharedAccessSignature}. */
        MALFORMED_TOKEN,
        /** The token's expiry ({@code se}) has passed, beyond the allowed clock skew. */
        EXPIRED,
        /** The token's expiry lies further ahead than the maximum token lifetime allows. */
        EXPIRY_TOO_DISTANT,
        /** The token's signature matches neither key. */
        WRONG_SIGNATURE,
        /** The token's resource ({@code sr}) is not this node's resource for the identity. */
        WRONG_RESOURCE,
        /** No such identity is registered. */
        UNKNOWN_IDENTITY,
        /** The identity is registered but disabled. */
        DISABLED,
        /** The identity uses another authentication type than the one presented. */
        WRONG_AUTH_TYPE,
        /** No client certificate was presented. */
        NO_CERTIFICATE,
        /** The certificate's thumbprint matches neither registered thumbprint. */
        THUMBPRINT_MISMATCH,
        /** The certificate is outside its validity dates or its chain is not trusted. */
        CERTIFICATE_REJECTED,
        /** The certificate's common name is not the identity's id. */
        COMMON_NAME_MISMATCH,
        /** CA-signed certificates cannot be checked because no certificate store is running. */
        NO_CERTIFICATE_STORE
    }

    public AuthenticationResult {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    /** A result whose credential names no end. */
    public AuthenticationResult(IdentityId identity, Outcome outcome, String detail) {
        this(identity, outcome, detail, null);
    }

    public static AuthenticationResult authenticated(IdentityId identity, String detail) {
        return new AuthenticationResult(identity, Outcome.AUTHENTICATED, detail);
    }

    /** Authenticated by a credential that stops proving the identity at {@code validUntil}. */
    public static AuthenticationResult authenticated(IdentityId identity, String detail, Instant validUntil) {
        return new AuthenticationResult(identity, Outcome.AUTHENTICATED, detail, validUntil);
    }

    public static AuthenticationResult refused(IdentityId identity, Outcome reason, String detail) {
        if (reason == Outcome.AUTHENTICATED) {
            throw new IllegalArgumentException("A refusal needs a reason other than " + reason);
        }
        return new AuthenticationResult(identity, reason, detail);
    }

    public boolean isAuthenticated() {
        return outcome == Outcome.AUTHENTICATED;
    }
}
