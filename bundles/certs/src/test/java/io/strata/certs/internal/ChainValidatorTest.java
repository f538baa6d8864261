package io.strata.certs.internal;

import static io.strata.certs.internal.TestChains.request;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.Before;
import org.junit.Test;

import io.strata.api.certs.CertificateRole;
import io.strata.api.certs.IssuedCertificate;

public class ChainValidatorTest {

    private final BouncyCastleCertificateAuthority authority = new BouncyCastleCertificateAuthority();
    private IssuedCertificate root;
    private IssuedCertificate intermediate;
    private ChainValidator validator;

    @Before
    public void createTrustBundle() throws Exception {
        root = authority.createRootCa(request(CertificateRole.ROOT_CA, "Root"));
        intermediate = authority.issue(request(CertificateRole.INTERMEDIATE_CA, "Plant"), root);
        validator = new ChainValidator(List.of(root.certificate()), Clock.systemUTC());
    }

    @Test
    public void acceptsADeviceCertificateUnderTheRoot() throws Exception {
        IssuedCertificate device = authority.issue(request(CertificateRole.IDENTITY, "sensor-7"), intermediate);

        validator.validateClientChain(device.chain());
        validator.validateClientChain(device.chain().subList(0, 2));
    }

    @Test
    public void refusesAnExpiredCertificate() throws Exception {
        Instant longAgo = Instant.now().minus(Duration.ofDays(800));
        IssuedCertificate expired = new BouncyCastleCertificateAuthority(Clock.fixed(longAgo, Clock.systemUTC().getZone()))
                .issue(request(CertificateRole.IDENTITY, "sensor-7"), intermediate);

        assertRefused(expired, "certificate 'CN=sensor-7' expired on");
    }

    @Test
    public void refusesACertificateThatIsNotValidYet() throws Exception {
        Instant nextMonth = Instant.now().plus(Duration.ofDays(30));
        IssuedCertificate early = new BouncyCastleCertificateAuthority(Clock.fixed(nextMonth, Clock.systemUTC().getZone()))
                .issue(request(CertificateRole.IDENTITY, "sensor-7"), intermediate);

        assertRefused(early, "certificate 'CN=sensor-7' is not valid yet");
    }

    @Test
    public void refusesACertificateFromAnUntrustedCa() throws Exception {
        IssuedCertificate stranger = authority.createRootCa(request(CertificateRole.ROOT_CA, "Stranger"));
        IssuedCertificate device = authority.issue(request(CertificateRole.IDENTITY, "sensor-7"), stranger);

        assertRefused(device, "was not issued by a CA in the trust bundle");
    }

    @Test
    public void refusesAnIssuerThatIsNotACa() throws Exception {
        IssuedCertificate notCa = TestChains.handMade("Not a CA", root, false, KeyUsage.keyCertSign | KeyUsage.digitalSignature);
        IssuedCertificate device = TestChains.handMade("sensor-7", notCa, false, KeyUsage.digitalSignature);

        assertRefused(device, "certificate 'CN=Not a CA' signed a certificate but is not a CA (basic constraints)");
    }

    @Test
    public void refusesALeafUsedAsCa() throws Exception {
        IssuedCertificate leaf = authority.issue(request(CertificateRole.IDENTITY, "sensor-7"), intermediate);
        IssuedCertificate forged = TestChains.handMade("sensor-8", leaf, false, KeyUsage.digitalSignature);

        // The JDK notices the key usage before the basic constraints.
        assertRefused(forged, "certificate 'CN=sensor-7' does not allow signing certificates");
    }

    @Test
    public void refusesACaWhoseKeyUsageForbidsSigningCertificates() throws Exception {
        IssuedCertificate signingOnly = TestChains.handMade("Signing only", root, true, KeyUsage.digitalSignature);
        IssuedCertificate device = TestChains.handMade("sensor-7", signingOnly, false, KeyUsage.digitalSignature);

        assertRefused(device, "The key usage of certificate 'CN=Signing only' does not allow signing certificates");
    }

    @Test
    public void refusesACaCertificatePresentedAsClientCertificate() {
        assertRefused(intermediate, "certificate 'CN=Plant' is a CA certificate, not a client certificate");
    }

    @Test
    public void refusesAServerCertificatePresentedAsClientCertificate() throws Exception {
        IssuedCertificate deviceCa = authority.issue(request(CertificateRole.DEVICE_CA, "edge-1 CA"), intermediate);
        IssuedCertificate server = authority.issue(request(CertificateRole.SERVER, "edge-1"), deviceCa);

        assertRefused(server, "does not allow client authentication");
    }

    @Test
    public void thumbprintsAreUpperCaseHex() throws Exception {
        assertThat(Thumbprints.sha1(root.certificate()).matches("[0-9A-F]{40}"), is(true));
        assertThat(Thumbprints.sha256(root.certificate()).matches("[0-9A-F]{64}"), is(true));
    }

    private void assertRefused(IssuedCertificate certificate, String reason) {
        CertificateException refused = assertThrows(CertificateException.class,
                () -> validator.validateClientChain(certificate.chain()));
        assertThat(refused.getMessage(), containsString(reason));
    }
}
