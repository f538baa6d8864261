package io.strata.shell.internal.certs;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.strata.api.certs.CertificateRole;

/** Creates an intermediate CA, for instance one per plant or per layer of the hierarchy. */
@Command(scope = "edge", name = "certs-create-intermediate", description = "Creates an intermediate CA signed by a CA")
@Service
public class CreateIntermediateCaCommand extends IssueCertificateCommand {

    @Option(name = "--cn", description = "Common name of the intermediate CA")
    String commonName = "Strata intermediate CA";

    @Override
    CertificateRole role() {
        return CertificateRole.INTERMEDIATE_CA;
    }

    @Override
    String commonName() {
        return commonName;
    }

    @Override
    String fileName() {
        return "intermediate-ca";
    }

    @Override
    int defaultDays() {
        return 1825;
    }
}
