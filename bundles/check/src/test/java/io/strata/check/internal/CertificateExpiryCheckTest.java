package io.strata.check.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.strata.api.certs.CertificateInfo;
import io.strata.api.certs.CertificateRole;
import io.strata.api.check.CheckResult;
import io.strata.api.check.CheckResult.Status;
import io.strata.testing.CertificateStoreStub;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.Test;

public class CertificateExpiryCheckTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private static CheckResult check(Duration serverLeft, Duration caLeft) {
        List<CertificateInfo> infos = List.of(
                new CertificateInfo(CertificateRole.SERVER, "CN=line-1", "CN=ca", NOW.plus(serverLeft), "a", "b"),
                new CertificateInfo(CertificateRole.DEVICE_CA, "CN=ca", "CN=root", NOW.plus(caLeft), "c", "d"));
        return new CertificateExpiryCheck(new CertificateStoreStub() {
            @Override
            public List<CertificateInfo> certificates() {
                return infos;
            }
        }, Clock.fixed(NOW, ZoneOffset.UTC)).check();
    }

    @Test
    public void certificatesValidForMoreThanAWeekAreOk() {
        assertEquals(Status.OK, check(Duration.ofDays(90), Duration.ofDays(365)).status());
    }

    @Test
    public void aCertificateExpiringWithinAWeekWarnsNamingIt() {
        CheckResult result = check(Duration.ofDays(90), Duration.ofDays(3));
        assertEquals(Status.WARNING, result.status());
        assertTrue(result.detail(), result.detail().startsWith("DEVICE_CA CN=ca expires"));
    }

    @Test
    public void anExpiredCertificateIsAnError() {
        CheckResult result = check(Duration.ofHours(-1), Duration.ofDays(365));
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.detail(), result.detail().contains("SERVER CN=line-1 expired"));
    }
}
