package io.strata.apiproxy.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.KeySlot;
import io.strata.api.identity.SasToken;
import io.strata.apiproxy.internal.ClientAuthentication.Verdict;
import io.strata.testing.MemoryAuthentication;
import io.strata.testing.MemoryIdentityRegistry;
import io.strata.testing.TestPki;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class ClientAuthenticationTest {

    private final MemoryIdentityRegistry registry = new MemoryIdentityRegistry("node");
    private final MemoryAuthentication identities = new MemoryAuthentication(registry);
    private final ClientAuthentication authentication = new ClientAuthentication(identities, identities);

    @Test
    public void aTokenOfAnIdentityBelowIsAccepted() {
        registry.add(Identity.device("sensor", false, Credentials.generateSymmetricKeys()));
        Verdict verdict = authentication.check(null, registry.createSasToken(IdentityId.device("sensor"), KeySlot.PRIMARY,
                Duration.ofMinutes(5)), List.of());
        assertTrue(verdict.isAccepted());
        assertEquals(IdentityId.device("sensor"), verdict.client());
    }

    @Test
    public void aModuleTokenNamesTheModule() {
        registry.add(Identity.device("edge", true, Credentials.generateSymmetricKeys()));
        registry.withModule("edge", "registry", true);
        Verdict verdict = authentication.check(null, registry.createSasToken(IdentityId.module("edge", "registry"),
                KeySlot.SECONDARY, Duration.ofMinutes(5)), List.of());
        assertEquals(IdentityId.module("edge", "registry"), verdict.client());
    }

    @Test
    public void noCredentialsIs401() {
        Verdict verdict = authentication.check(null, null, List.of());
        assertEquals(401, verdict.status());
        assertFalse(verdict.isAccepted());
    }

    @Test
    public void aMalformedOrWronglySignedTokenIs401() {
        registry.add(Identity.device("sensor", false, Credentials.generateSymmetricKeys()));
        assertEquals(401, authentication.check(null, "Bearer abc", List.of()).status());
        String forged = SasToken.create("node/devices/sensor", Credentials.generateSymmetricKeys().primary(),
                Instant.now().plusSeconds(60));
        assertEquals(401, authentication.check(null, forged, List.of()).status());
    }

    @Test
    public void anIdentityThisNodeDoesNotServeIs403() {
        String stranger = SasToken.create("node/devices/stranger", Credentials.generateSymmetricKeys().primary(),
                Instant.now().plusSeconds(60));
        Verdict verdict = authentication.check(null, stranger, List.of());
        assertEquals(403, verdict.status());
        assertEquals("stranger is not served by this node", verdict.reason());
    }

    @Test
    public void aCertificateAuthenticatesTheIdentityItsCommonNameNames() throws Exception {
        TestPki device = new TestPki("camera");
        registry.add(Identity.device("camera", false,
                Credentials.thumbprints(MemoryAuthentication.thumbprint(device.certificate), null)));
        assertEquals(IdentityId.device("camera"), authentication.check(null, null, List.of(device.certificate)).client());
        assertEquals(401, authentication.check(null, null, List.of(new TestPki("camera").certificate)).status());
    }

    @Test
    public void aTokenInProxyAuthorizationIsAcceptedAndComesFirst() {
        registry.add(Identity.device("sensor", false, Credentials.generateSymmetricKeys()));
        String token = registry.createSasToken(IdentityId.device("sensor"), KeySlot.PRIMARY, Duration.ofMinutes(5));
        String stranger = SasToken.create("node/devices/stranger", Credentials.generateSymmetricKeys().primary(),
                Instant.now().plusSeconds(60));

        assertEquals(IdentityId.device("sensor"), authentication.check(token, null, List.of()).client());
        assertEquals(IdentityId.device("sensor"), authentication.check(token, stranger, List.of()).client());
        assertEquals(403, authentication.check(stranger, token, List.of()).status());
    }

    @Test
    public void aSharedKeyAuthorizationIsLeftToTheServiceAndTheCertificateOrProxyAuthorizationDecides()
            throws Exception {
        String sharedKey = "SharedKey devstoreaccount1:c2lnbmF0dXJl";
        TestPki device = new TestPki("camera");
        registry.add(Identity.device("camera", false,
                Credentials.thumbprints(MemoryAuthentication.thumbprint(device.certificate), null)));
        registry.add(Identity.device("sensor", false, Credentials.generateSymmetricKeys()));
        String token = registry.createSasToken(IdentityId.device("sensor"), KeySlot.PRIMARY, Duration.ofMinutes(5));

        Verdict none = authentication.check(null, sharedKey, List.of());
        assertEquals(401, none.status());
        assertEquals("Authenticate with 'Proxy-Authorization: SharedAccessSignature ...', "
                + "'Authorization: SharedAccessSignature ...' or a client certificate", none.reason());
        assertEquals(IdentityId.device("camera"), authentication.check(null, sharedKey, List.of(device.certificate))
                .client());
        assertEquals(IdentityId.device("sensor"), authentication.check(token, sharedKey, List.of()).client());
    }

    @Test
    public void onlyTheSharedAccessSignatureSchemeIsTheProxysCredential() {
        assertTrue(ClientAuthentication.isSharedAccessSignature("SharedAccessSignature sr=a&sig=b&se=1"));
        assertTrue(ClientAuthentication.isSharedAccessSignature("sharedaccesssignature sr=a&sig=b&se=1"));
        assertFalse(ClientAuthentication.isSharedAccessSignature("SharedKey account:c2ln"));
        assertFalse(ClientAuthentication.isSharedAccessSignature(null));
    }

    @Test
    public void theResourceNamesTheIdentity() {
        assertEquals(Optional.of(IdentityId.module("edge", "blob")),
                ClientAuthentication.identityOf("node.local/devices/edge/modules/blob"));
        assertEquals(Optional.empty(), ClientAuthentication.identityOf("node.local"));
    }
}
