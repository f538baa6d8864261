package io.strata.shell.internal.certs;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.strata.api.certs.CertificateRole;

/**
 * Creates the device CA of one edge node; the node's etc/io.strata.certs.cfg points at the files.
 * Its CN differs from the node's hostname on purpose: the edge hub server certificate carries that.
 */
@Command(scope = "edge", name = "certs-create-device-ca", description = "Creates the device CA of an edge node")
@Service
public class CreateDeviceCaCommand extends IssueCertificateCommand {

    @Argument(name = "deviceId", description = "Device id of the edge node", required = true)
    String deviceId;

    @Override
    CertificateRole role() {
        return CertificateRole.DEVICE_CA;
    }

    @Override
    String commonName() {
        return deviceId + " device CA";
    }

    @Override
    String fileName() {
        return "device-ca-" + deviceId;
    }

    @Override
    int defaultDays() {
        return 365;
    }
}
