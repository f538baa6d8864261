package io.strata.api.certs;

/** What a certificate is for in the node's chain. */
public enum CertificateRole {
    ROOT_CA,
    INTERMEDIATE_CA,
    DEVICE_CA,
    SERVER,
    IDENTITY
}
