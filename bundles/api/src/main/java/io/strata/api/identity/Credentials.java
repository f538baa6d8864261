package io.strata.api.identity;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an identity authenticates with: two symmetric keys (base64), one or two X.509 thumbprints
 * (SHA-1 or SHA-256, hex, stored in lower case), or nothing for {@link AuthType#X509_CA}, where
 * the trust bundle and the certificate's CN decide.
 */
public record Credentials(AuthType type, String primary, String secondary) {

    private static final int KEY_BYTES = 32;
    private static final Pattern THUMBPRINT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public Credentials {
        Objects.requireNonNull(type, "authentication type");
        switch (type) {
            case SYMMETRIC_KEY -> {
                requireKey("primary", primary);
                requireKey("secondary", secondary);
            }
            case X509_THUMBPRINT -> {
                primary = requireThumbprint("primary", primary);
                secondary = secondary == null ? null : requireThumbprint("secondary", secondary);
            }
            case X509_CA -> {
                if (primary != null || secondary != null) {
                    throw new IllegalArgumentException("x509-ca authentication takes no keys or thumbprints");
                }
            }
        }
    }

    /** Symmetric keys given as base64. */
    public static Credentials symmetricKeys(String primary, String secondary) {
        return new Credentials(AuthType.SYMMETRIC_KEY, primary, secondary);
    }

    /** Two fresh symmetric keys of 32 random bytes each. */
    public static Credentials generateSymmetricKeys() {
        return symmetricKeys(newKey(), newKey());
    }

    /** Thumbprints in hex, any case; the secondary may be null. */
    public static Credentials thumbprints(String primary, String secondary) {
        return new Credentials(AuthType.X509_THUMBPRINT, primary, secondary);
    }

    /** Authentication by a certificate that the node's trust bundle vouches for. */
    public static Credentials certificateAuthority() {
        return new Credentials(AuthType.X509_CA, null, null);
    }

    /** The credential in the given slot; null where there is none. */
    public String get(KeySlot slot) {
        return slot == KeySlot.PRIMARY ? primary : secondary;
    }

    /**
     * These credentials with a fresh key in the given slot.
     *
     * @throws IllegalStateException unless these are symmetric keys
     */
    public Credentials withNewKey(KeySlot slot) {
        if (type != AuthType.SYMMETRIC_KEY) {
            throw new IllegalStateException("Only symmetric keys can be regenerated, not " + type.label());
        }
        return slot == KeySlot.PRIMARY ? symmetricKeys(newKey(), secondary) : symmetricKeys(primary, newKey());
    }

    /** Shows thumbprints but never keys, so credentials can be logged safely. */
    @Override
    public String toString() {
        return switch (type) {
            case SYMMETRIC_KEY -> type.label() + "[keys hidden]";
            case X509_THUMBPRINT -> type.label() + "[" + primary + (secondary == null ? "" : ", " + secondary) + "]";
            case X509_CA -> type.label();
        };
    }

    private static String newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static void requireKey(String which, String key) {
        try {
            if (key != null && Base64.getDecoder().decode(key).length > 0) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the same message as a missing key
        }
        throw new IllegalArgumentException("The " + which + " symmetric key must be non-empty base64");
    }

    private static String requireThumbprint(String which, String thumbprint) {
        String normalized = thumbprint == null ? "" : thumbprint.trim().toLowerCase(Locale.ROOT);
        if (!THUMBPRINT.matcher(normalized).matches()) {
            throw new IllegalArgumentException("The " + which
                    + " thumbprint must be a SHA-1 (40) or SHA-256 (64) hex digest, not '" + thumbprint + "'");
        }
        return normalized;
    }
}
