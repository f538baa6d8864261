package io.strata.api.certs;

/** The kind and size of key a new certificate gets. */
public enum KeyAlgorithm {
    /** RSA with a 2048-bit modulus, for clients that cannot do elliptic curves. */
    RSA_2048,
    /** RSA with a 4096-bit modulus. */
    RSA_4096,
    /** ECDSA on NIST P-256 (secp256r1): small, fast, and what Azure IoT Edge generates by default. */
    EC_P256
}
