package io.strata.check.internal;

import io.strata.api.certs.CertificateInfo;
import io.strata.api.certs.CertificateStore;
import io.strata.api.check.CheckResult;
import io.strata.api.check.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Every certificate the node holds is valid for more than a week: the server's, its CAs', the trust bundle's. */
final class CertificateExpiryCheck implements HealthCheck {

    static final Duration WARNING_TIME = Duration.ofDays(7);

    private final CertificateStore certificates;
    private final Clock clock;

    CertificateExpiryCheck(CertificateStore certificates, Clock clock) {
        this.certificates = certificates;
        this.clock = clock;
    }

    @Override
    public String group() {
        return CONFIGURATION;
    }

    @Override
    public String id() {
        return "certificates-expiry";
    }

    @Override
    public String description() {
        return "certificates are valid for more than " + WARNING_TIME.toDays() + " days";
    }

    @Override
    public CheckResult check() {
        List<CertificateInfo> all = certificates.certificates();
        if (all.isEmpty()) {
            return CheckResult.error("the node holds no certificate", "look at edge:certs and the log");
        }
        Instant now = clock.instant();
        CertificateInfo first = all.stream().min(Comparator.comparing(CertificateInfo::notAfter)).orElseThrow();
        String which = first.role() + " " + first.subject() + " expires " + first.notAfter();
        if (!first.notAfter().isAfter(now)) {
            return CheckResult.error(which.replace(" expires ", " expired "),
                    "renew it: a server certificate the node issues renews on restart, a CA must be reissued");
        }
        if (first.notAfter().isBefore(now.plus(WARNING_TIME))) {
            return CheckResult.warning(which, "renew it before then");
        }
        return CheckResult.ok("the first to expire: " + which);
    }
}
