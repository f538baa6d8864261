package io.strata.shell.internal.certs;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.strata.api.certs.CertificateRole;

/** Creates the client certificate a device authenticates with (X.509 CA authentication: CN = device id). */
@Command(scope = "edge", name = "certs-create-identity", description = "Creates a device identity certificate")
@Service
public class CreateIdentityCommand extends IssueCertificateCommand {

    @Argument(name = "deviceId", description = "Device id the certificate authenticates", required = true)
    String deviceId;

    @Override
    CertificateRole role() {
        return CertificateRole.IDENTITY;
    }

    @Override
    String commonName() {
        return deviceId;
    }

    @Override
    String fileName() {
        return "device-" + deviceId;
    }

    @Override
    int defaultDays() {
        return 365;
    }
}
