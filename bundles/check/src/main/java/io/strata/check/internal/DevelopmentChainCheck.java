package io.strata.check.internal;

import io.strata.api.certs.CertificateStore;
import io.strata.api.check.CheckResult;
import io.strata.api.check.HealthCheck;

/** A node still on the chain it generated for itself is fine for a trial, not for a plant. */
final class DevelopmentChainCheck implements HealthCheck {

    private final CertificateStore certificates;

    DevelopmentChainCheck(CertificateStore certificates) {
        this.certificates = certificates;
    }

    @Override
    public String group() {
        return CONFIGURATION;
    }

    @Override
    public String id() {
        return "certificates-production";
    }

    @Override
    public String description() {
        return "production certificates are in use";
    }

    @Override
    public CheckResult check() {
        return certificates.isDevelopmentChain()
                ? CheckResult.warning("the node uses the development chain it generated for itself, which no child "
                        + "or parent trusts", "install a device CA from the site's root CA (README, Certificates)")
                : CheckResult.ok("the device CA is configured in etc/io.strata.certs.cfg");
    }
}
