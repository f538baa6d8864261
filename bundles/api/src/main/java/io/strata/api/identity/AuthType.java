package io.strata.api.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an identity proves who it is, as IoT Hub offers it. */
public enum AuthType {
    /** Shared access signature tokens signed with the identity's primary or secondary key. */
    SYMMETRIC_KEY("symmetric-key"),
    /** A client certificate whose SHA-1 or SHA-256 thumbprint is registered (usually self-signed). */
    X509_THUMBPRINT("x509-thumbprint"),
    /** A client certificate issued by a CA in the node's trust bundle, its CN naming the identity. */
    X509_CA("x509-ca");

    private final String label;

    AuthType(String label) {
        this.label = label;
    }

    /** The name used in identity files and shell commands, e.g. {@code x509-thumbprint}. */
    public String label() {
        return label;
    }

    /**
     * The type a {@link #label()} names, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted labels
     */
    public static AuthType ofLabel(String label) {
        String wanted = label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(type -> type.label.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown authentication type '" + label
                        + "': use one of " + Arrays.stream(values()).map(AuthType::label)
                                .collect(Collectors.joining(", "))));
    }
}
