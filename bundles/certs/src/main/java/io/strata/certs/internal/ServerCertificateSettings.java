package io.strata.certs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.util.IPAddress;

import io.strata.api.certs.CertificateRequest;
import io.strata.api.certs.CertificateRole;
import io.strata.api.certs.KeyAlgorithm;
import io.strata.api.node.NodeSettings;

/**
 * What the edge hub server certificate looks like and when it is renewed.
 *
 * @param hostname the node's hostname in lower case: the certificate's CN and first subject alternative name
 * @param dnsNames further DNS names children may use to reach the node
 * @param ipAddresses IP addresses children may use to reach the node
 * @param validity how long each certificate is valid
 * @param keyAlgorithm the key each certificate gets
 * @param renewalShare the share of a certificate's lifetime after which it is replaced, between 0 and 1
 */
record ServerCertificateSettings(String hostname, List<String> dnsNames, List<String> ipAddresses, Duration validity,
        KeyAlgorithm keyAlgorithm, double renewalShare) {

    ServerCertificateSettings {
        if (hostname.length() > CertificateRequest.MAX_COMMON_NAME_LENGTH) {
            throw new IllegalArgumentException("The hostname '" + hostname + "' is " + hostname.length()
                    + " characters long, but the edge hub server certificate's common name allows at most "
                    + CertificateRequest.MAX_COMMON_NAME_LENGTH + "; set a shorter " + NodeSettings.HOSTNAME + " in etc/"
                    + NodeSettings.PID + ".cfg");
        }
        if (!(renewalShare > 0 && renewalShare < 1)) {
            throw new IllegalArgumentException("The renewal share must lie between 0 and 1, not " + renewalShare);
        }
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    /** The request for a new server certificate: the hostname goes into the names as DNS name or IP address. */
    CertificateRequest request() {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        (IPAddress.isValid(hostname) ? ips : dns).add(hostname);
        dnsNames.stream().filter(name -> !dns.contains(name)).forEach(dns::add);
        ipAddresses.stream().filter(address -> !ips.contains(address)).forEach(ips::add);
        return new CertificateRequest(CertificateRole.SERVER, hostname, validity, keyAlgorithm, dns, ips);
    }
}
