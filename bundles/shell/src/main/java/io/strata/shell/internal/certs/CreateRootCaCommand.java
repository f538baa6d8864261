package io.strata.shell.internal.certs;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.strata.api.certs.CertificateRequest;
import io.strata.api.certs.CertificateRole;
import io.strata.api.certs.IssuedCertificate;

/** Creates the root CA a whole hierarchy trusts; its certificate becomes every node's trust bundle. */
@Command(scope = "edge", name = "certs-create-root", description = "Creates a self-signed root CA")
@Service
public class CreateRootCaCommand extends CreateCertificateCommand {

    @Option(name = "--cn", description = "Common name of the root CA")
    String commonName = "Strata root CA";

    @Override
    CertificateRole role() {
        return CertificateRole.ROOT_CA;
    }

    @Override
    String commonName() {
        return commonName;
    }

    @Override
    String fileName() {
        return "root-ca";
    }

    @Override
    int defaultDays() {
        return 3650;
    }

    @Override
    IssuedCertificate create(CertificateRequest request) throws Exception {
        return authority.createRootCa(request);
    }
}
