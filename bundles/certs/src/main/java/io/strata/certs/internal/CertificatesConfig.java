package io.strata.certs.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.strata.api.certs.KeyAlgorithm;
import io.strata.api.config.Range;

/**
 * The configuration {@code etc/io.strata.certs.cfg}. Its metatype names the PID here instead of
 * through {@code @Designate}, which bnd refuses for a component that also reads the node's PID.
 */
@ObjectClassDefinition(pid = CertificateStoreComponent.PID, name = "Strata certificates",
        description = "The node's CA chain and edge hub server certificate. "
                + "With no files set, the node generates a development chain.")
@interface CertificatesConfig {

    @AttributeDefinition(name = "Trust bundle",
            description = "PEM file with the root CA and intermediates the hierarchy trusts. "
                    + "Empty, with the device CA files: development chain.")
    String trustBundle() default "";

    @AttributeDefinition(name = "Device CA certificate",
            description = "PEM file with this node's device CA certificate, optionally followed by its issuers.")
    String deviceCaCert() default "";

    @AttributeDefinition(name = "Device CA key", description = "PEM file with the device CA's private key.")
    String deviceCaKey() default "";

    @AttributeDefinition(name = "Device CA key password", type = AttributeType.PASSWORD,
            description = "Password of the device CA key; empty when the key is not encrypted.")
    String deviceCaKeyPassword() default "";

    @AttributeDefinition(name = "Server DNS names",
            description = "DNS names, comma separated, that the server certificate carries besides the hostname.")
    String[] serverCertDnsNames() default {};

    @AttributeDefinition(name = "Server IP addresses",
            description = "IP addresses, comma separated, that the server certificate carries.")
    String[] serverCertIpAddresses() default {};

    @AttributeDefinition(name = "Server certificate days", min = "1",
            description = "How many days each edge hub server certificate is valid.")
    @Range(min = 1)
    int serverCertDays() default 90;

    @AttributeDefinition(name = "Renewal share", min = "0.01", max = "0.99",
            description = "Share of a server certificate's lifetime after which it is renewed.")
    @Range(min = 0.01, max = 0.99)
    double serverCertRenewalShare() default 0.8;

    @AttributeDefinition(name = "Server key algorithm", description = "Key of the server certificate.")
    KeyAlgorithm serverCertKeyAlgorithm() default KeyAlgorithm.EC_P256;
}
