package io.strata.shell.internal.certs;

import org.apache.karaf.shell.api.action.Option;

import io.strata.api.certs.CertificateRequest;
import io.strata.api.certs.IssuedCertificate;

/** A certificate creating command whose certificate a CA from PEM files signs. */
abstract class IssueCertificateCommand extends CreateCertificateCommand {

    @Option(name = "--ca-cert", required = true,
            description = "PEM file of the signing CA; its full-chain file gives the new certificate a full chain too")
    String caCertificate;

    @Option(name = "--ca-key", required = true, description = "PEM file of the signing CA's private key")
    String caKey;

    @Option(name = "--ca-password", description = "Password of the CA's private key; asked for when missing",
            censor = true)
    String caPassword;

    @Override
    IssuedCertificate create(CertificateRequest request) throws Exception {
        String password = caPassword != null ? caPassword : readPassword("Password of " + caKey + ": ");
        IssuedCertificate ca = authority.load(resolve(caCertificate), resolve(caKey),
                password == null ? new char[0] : password.toCharArray());
        return authority.issue(request, ca);
    }
}
