package io.strata.check.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.strata.api.check.CheckResult;
import io.strata.api.check.CheckResult.Status;
import io.strata.testing.CertificateStoreStub;
import io.strata.testing.TestPki;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.Test;

public class ServerCertificateCheckTest {

    private static CheckResult check(List<X509Certificate> chain, List<X509Certificate> trust, String hostname) {
        return new ServerCertificateCheck(new CertificateStoreStub() {
            @Override
            public List<X509Certificate> serverCertificateChain() {
                return chain;
            }

            @Override
            public List<X509Certificate> trustBundle() {
                return trust;
            }
        }, () -> hostname).check();
    }

    @Test
    public void aCertificateOfTheTrustedCaNamingTheHostnameIsOk() throws Exception {
        TestPki pki = new TestPki("line-1.plant");
        CheckResult result = check(List.of(pki.certificate, pki.ca), List.of(pki.ca), "line-1.plant");
        assertEquals(result.detail(), Status.OK, result.status());
    }

    @Test
    public void aCertificateForAnotherNameIsAnErrorThatSaysBothNames() throws Exception {
        TestPki pki = new TestPki("line-1.plant");
        CheckResult result = check(List.of(pki.certificate, pki.ca), List.of(pki.ca), "line-2.plant");
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.detail(), result.detail().contains("line-1.plant") && result.detail().contains("line-2.plant"));
    }

    @Test
    public void aCertificateOfACaOutsideTheTrustBundleIsAnError() throws Exception {
        TestPki pki = new TestPki("line-1.plant");
        TestPki other = new TestPki("elsewhere");
        CheckResult result = check(List.of(pki.certificate, pki.ca), List.of(other.ca), "line-1.plant");
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.detail(), result.detail().contains("does not chain to the trust bundle"));
    }

    @Test
    public void noServerCertificateIsAnError() {
        assertEquals(Status.ERROR, check(List.of(), List.of(), "line-1.plant").status());
    }
}
