package io.strata.certs.internal;

import static io.strata.certs.internal.TestChains.request;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.junit.Test;

import io.strata.api.certs.CertificateRequest;
import io.strata.api.certs.CertificateRole;
import io.strata.api.certs.IssuedCertificate;
import io.strata.api.certs.KeyAlgorithm;

public class BouncyCastleCertificateAuthorityTest {

    private static final String SERVER_AUTHENTICATION = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTHENTICATION = "1.3.6.1.5.5.7.3.2";
    private static final int KEY_CERT_SIGN = 5;

    private final BouncyCastleCertificateAuthority authority = new BouncyCastleCertificateAuthority();

    @Test
    public void rsaChainIsTrustedByAJdkTrustManagerThatKnowsOnlyTheRoot() throws Exception {
        IssuedCertificate server = serverUnderFullChain(KeyAlgorithm.RSA_2048);

        assertThat(server.chain().size(), is(4));
        assertThat(server.certificate().getPublicKey().getAlgorithm(), is("RSA"));
        trustingOnly(server.chain().get(3)).checkServerTrusted(server.chain().toArray(X509Certificate[]::new), "ECDHE_RSA");
    }

    @Test
    public void ecChainIsTrustedByAJdkTrustManagerThatKnowsOnlyTheRoot() throws Exception {
        IssuedCertificate server = serverUnderFullChain(KeyAlgorithm.EC_P256);

        assertThat(server.certificate().getPublicKey().getAlgorithm(), is("EC"));
        trustingOnly(server.chain().get(3)).checkServerTrusted(server.chain().toArray(X509Certificate[]::new), "ECDHE_ECDSA");
    }

    @Test
    public void serverChainIsRefusedByATrustManagerThatKnowsAnotherRoot() throws Exception {
        IssuedCertificate server = serverUnderFullChain(KeyAlgorithm.EC_P256);
        X509Certificate otherRoot = authority.createRootCa(request(CertificateRole.ROOT_CA, "Other root")).certificate();

        assertThrows(CertificateException.class, () -> trustingOnly(otherRoot)
                .checkServerTrusted(server.chain().toArray(X509Certificate[]::new), "ECDHE_ECDSA"));
    }

    @Test
    public void eachRoleGetsItsConstraintsAndUsages() throws Exception {
        IssuedCertificate root = authority.createRootCa(request(CertificateRole.ROOT_CA, "Root"));
        IssuedCertificate deviceCa = authority.issue(request(CertificateRole.DEVICE_CA, "edge-1 CA"), root);
        IssuedCertificate identity = authority.issue(request(CertificateRole.IDENTITY, "sensor-7"), deviceCa);
        IssuedCertificate server = serverUnderFullChain(KeyAlgorithm.EC_P256);

        assertThat(root.certificate().getBasicConstraints(), is(Integer.MAX_VALUE));
        assertThat(root.certificate().getKeyUsage()[KEY_CERT_SIGN], is(true));
        assertThat(deviceCa.certificate().getBasicConstraints(), is(0));
        assertThat(identity.certificate().getBasicConstraints(), is(-1));
        assertThat(identity.certificate().getExtendedKeyUsage(), hasItem(CLIENT_AUTHENTICATION));
        assertThat(identity.certificate().getSubjectX500Principal().getName(), is("CN=sensor-7"));
        assertThat(server.certificate().getExtendedKeyUsage(), hasItem(SERVER_AUTHENTICATION));
        assertThat(server.certificate().getKeyUsage()[KEY_CERT_SIGN], is(false));
    }

    @Test
    public void serverCertificateCarriesItsNames() throws Exception {
        IssuedCertificate root = authority.createRootCa(request(CertificateRole.ROOT_CA, "Root"));
        IssuedCertificate deviceCa = authority.issue(request(CertificateRole.DEVICE_CA, "edge-1 CA"), root);

        IssuedCertificate server = authority.issue(new CertificateRequest(CertificateRole.SERVER, "edge-1",
                Duration.ofDays(90), KeyAlgorithm.EC_P256, List.of("edge-1", "edge-1.plant.local"),
                List.of("10.0.0.5")), deviceCa);

        assertThat(server.certificate().getSubjectX500Principal().getName(), is("CN=edge-1"));
        assertThat(alternativeNames(server.certificate()), containsInAnyOrder("edge-1", "edge-1.plant.local", "10.0.0.5"));
        Duration validity = Duration.between(server.certificate().getNotBefore().toInstant(),
                server.certificate().getNotAfter().toInstant());
        assertThat(validity, equalTo(Duration.ofDays(90).plusMinutes(5)));
    }

    @Test
    public void leafCertificateCannotSign() throws Exception {
        IssuedCertificate root = authority.createRootCa(request(CertificateRole.ROOT_CA, "Root"));
        IssuedCertificate identity = authority.issue(request(CertificateRole.IDENTITY, "sensor-7"), root);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> authority.issue(request(CertificateRole.IDENTITY, "sensor-8"), identity));
        assertThat(refused.getMessage(), containsString("CN=sensor-7' is not a CA"));
    }

    @Test
    public void deviceCaSignsLeavesButNoFurtherCa() throws Exception {
        IssuedCertificate root = authority.createRootCa(request(CertificateRole.ROOT_CA, "Root"));
        IssuedCertificate deviceCa = authority.issue(request(CertificateRole.DEVICE_CA, "edge-1 CA"), root);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> authority.issue(request(CertificateRole.DEVICE_CA, "edge-2 CA"), deviceCa));
        assertThat(refused.getMessage(), containsString("path length 0"));
    }

    @Test
    public void rootIsSelfSignedOnly() throws Exception {
        IssuedCertificate root = authority.createRootCa(request(CertificateRole.ROOT_CA, "Root"));

        assertThrows(IllegalArgumentException.class, () -> authority.issue(request(CertificateRole.ROOT_CA, "Root 2"), root));
        assertThrows(IllegalArgumentException.class, () -> authority.createRootCa(request(CertificateRole.DEVICE_CA, "x")));
        root.certificate().verify(root.certificate().getPublicKey());
    }

    private IssuedCertificate serverUnderFullChain(KeyAlgorithm algorithm) throws Exception {
        IssuedCertificate root = authority.createRootCa(request(CertificateRole.ROOT_CA, "Root", algorithm));
        IssuedCertificate intermediate = authority.issue(request(CertificateRole.INTERMEDIATE_CA, "Plant", algorithm), root);
        IssuedCertificate deviceCa = authority.issue(request(CertificateRole.DEVICE_CA, "edge-1 CA", algorithm), intermediate);
        return authority.issue(new CertificateRequest(CertificateRole.SERVER, "edge-1", Duration.ofDays(90), algorithm,
                List.of("edge-1"), List.of()), deviceCa);
    }

    static X509TrustManager trustingOnly(X509Certificate root) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("root", root);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    private static List<String> alternativeNames(X509Certificate certificate) throws Exception {
        List<String> names = new ArrayList<>();
        for (List<?> name : certificate.getSubjectAlternativeNames()) {
            names.add((String) name.get(1));
        }
        return names;
    }
}
