package io.strata.identity.internal;

import static io.strata.api.identity.AuthenticationResult.Outcome.AUTHENTICATED;
import static io.strata.api.identity.AuthenticationResult.Outcome.CERTIFICATE_REJECTED;
import static io.strata.api.identity.AuthenticationResult.Outcome.COMMON_NAME_MISMATCH;
import static io.strata.api.identity.AuthenticationResult.Outcome.DISABLED;
import static io.strata.api.identity.AuthenticationResult.Outcome.EXPIRED;
import static io.strata.api.identity.AuthenticationResult.Outcome.EXPIRY_TOO_DISTANT;
import static io.strata.api.identity.AuthenticationResult.Outcome.MALFORMED_TOKEN;
import static io.strata.api.identity.AuthenticationResult.Outcome.NO_CERTIFICATE;
import static io.strata.api.identity.AuthenticationResult.Outcome.NO_CERTIFICATE_STORE;
import static io.strata.api.identity.AuthenticationResult.Outcome.THUMBPRINT_MISMATCH;
import static io.strata.api.identity.AuthenticationResult.Outcome.UNKNOWN_IDENTITY;
import static io.strata.api.identity.AuthenticationResult.Outcome.WRONG_AUTH_TYPE;
import static io.strata.api.identity.AuthenticationResult.Outcome.WRONG_RESOURCE;
import static io.strata.api.identity.AuthenticationResult.Outcome.WRONG_SIGNATURE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.strata.api.identity.AuthenticationResult.Outcome;
import io.strata.api.identity.AuthenticationResult;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.KeySlot;
import io.strata.testing.CertificateStoreStub;
import io.strata.testing.RecordingOperationCounters;
import java.io.InputStream;
import java.net.URLEncoder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class IdentityAuthenticatorTest {

    private static final String HOST = "edge-1.factory.local";
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final long NOW_SECONDS = 1_893_456_000L;
    private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final IdentityId DEVICE = IdentityId.device("dev:1@a");
    private static final IdentityId MODULE = IdentityId.module("gw-1", "$edgeHub");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private PersistentIdentityRegistry registry;
    private IdentityAuthenticator authenticator;

    @Before
    public void registerIdentities() throws Exception {
        registry = new PersistentIdentityRegistry(new IdentityStore(folder.getRoot().toPath()), HOST,
                Clock.fixed(NOW, ZoneOffset.UTC));
        authenticator = new IdentityAuthenticator(registry, Clock.fixed(NOW, ZoneOffset.UTC),
                new TokenLimits(Duration.ofSeconds(300), Duration.ofDays(1)));
        registry.add(Identity.device("gw-1", true, Credentials.symmetricKeys(OTHER_KEY, KEY)));
        registry.add(Identity.module("gw-1", "$edgeHub", Credentials.symmetricKeys(KEY, OTHER_KEY)));
        registry.add(Identity.device(DEVICE.deviceId(), false, Credentials.symmetricKeys(KEY, OTHER_KEY)));
    }

    @Test
    public void acceptsTokensComputedElsewhere() {
        // Computed with Python's hmac and urllib.parse.quote_plus.
        assertThat(token(DEVICE, "SharedAccessSignature sr=edge-1.factory.local%2Fdevices%2Fdev%3A1%40a"
                + "&sig=q5VBu%2F0L6u6WH6vdribMABpvIKTeB4MY4OAlYKUf59o%3D&se=1893459600"), is(AUTHENTICATED));
        assertThat(token(MODULE, "SharedAccessSignature sr=edge-1.factory.local%2Fdevices%2Fgw-1%2Fmodules%2F"
                + "%24edgeHub&sig=cfsHyZkBxLMKYaFJM5g90tzYH43ySxeHM3RvYhpG%2FPw%3D&se=1893459600"), is(AUTHENTICATED));
    }

    @Test
    public void refusalsAreCountedWithTheirReasonAcceptedClientsAreNot() {
        RecordingOperationCounters counters = new RecordingOperationCounters();
        authenticator.counters = counters;
        String resource = HOST + "/devices/gw-1";

        token(IdentityId.device("gw-1"), sign(resource, KEY, NOW_SECONDS + 60));
        token(IdentityId.device("gw-1"), sign(resource, OTHER_KEY.replace('A', 'B'), NOW_SECONDS + 60));
        token(IdentityId.device("nobody"), sign(HOST + "/devices/nobody", KEY, NOW_SECONDS + 60));

        assertThat(counters.operations, equalTo(List.of("clientRefused gw-1 wrong_signature",
                "clientRefused nobody unknown_identity")));
    }

    @Test
    public void createsTheTokensItAccepts() {
        String created = registry.createSasToken(DEVICE, KeySlot.PRIMARY, Duration.ofHours(1));

        assertThat(created, is("SharedAccessSignature sr=edge-1.factory.local%2Fdevices%2Fdev%3A1%40a"
                + "&sig=q5VBu%2F0L6u6WH6vdribMABpvIKTeB4MY4OAlYKUf59o%3D&se=1893459600"));
        assertThat(token(MODULE, registry.createSasToken(MODULE, KeySlot.SECONDARY, Duration.ofHours(1))),
                is(AUTHENTICATED));
    }

    @Test
    public void acceptsEitherKeyFieldsInAnyOrderAndAPolicyName() {
        String resource = HOST + "/devices/gw-1";
        long expiry = NOW_SECONDS + 60;
        String sr = URLEncoder.encode(resource, UTF_8);
        String sig = URLEncoder.encode(signature(KEY, sr, expiry), UTF_8);

        assertThat(token(IdentityId.device("gw-1"), sign(resource, KEY, expiry)), is(AUTHENTICATED));
        assertThat(token(IdentityId.device("gw-1"), sign(resource, OTHER_KEY, expiry)), is(AUTHENTICATED));
        assertThat(token(IdentityId.device("gw-1"),
                "SharedAccessSignature se=" + expiry + "&skn=device&sig=" + sig + "&sr=" + sr), is(AUTHENTICATED));
    }

    @Test
    public void acceptsTheResourceInAnyCaseAndWithEncodedIds() {
        long expiry = NOW_SECONDS + 60;

        assertThat(token(DEVICE, sign("EDGE-1.Factory.local/DEVICES/DEV:1@A", KEY, expiry)), is(AUTHENTICATED));
        assertThat(token(DEVICE, sign(HOST + "/devices/dev%3A1%40a", KEY, expiry)), is(AUTHENTICATED));
        assertThat(token(MODULE, sign(HOST + "/devices/gw-1/modules/%24edgeHub", KEY, expiry)), is(AUTHENTICATED));
    }

    @Test
    public void refusesAResourceOfAnotherIdentityOrHost() {
        long expiry = NOW_SECONDS + 60;

        assertThat(token(DEVICE, sign(HOST + "/devices/gw-1", KEY, expiry)), is(WRONG_RESOURCE));
        assertThat(token(DEVICE, sign("other-host/devices/dev:1@a", KEY, expiry)), is(WRONG_RESOURCE));
        assertThat(token(MODULE, sign(HOST + "/devices/gw-1", KEY, expiry)), is(WRONG_RESOURCE));
        assertThat(token(DEVICE, sign(HOST + "/devices/dev:1@a/modules/x", KEY, expiry)), is(WRONG_RESOURCE));
    }

    @Test
    public void refusesAWrongSignature() {
        long expiry = NOW_SECONDS + 60;
        String resource = HOST + "/devices/dev:1@a";
        String tampered = sign(resource, KEY, expiry).replace("&se=" + expiry, "&se=" + (expiry + 1));

        assertThat(token(DEVICE, sign(resource, Base64.getEncoder().encodeToString(new byte[] {1}), expiry)),
                is(WRONG_SIGNATURE));
        assertThat(token(DEVICE, tampered), is(WRONG_SIGNATURE));
    }

    @Test
    public void refusesMalformedTokens() {
        String good = sign(HOST + "/devices/dev:1@a", KEY, NOW_SECONDS + 60);

        for (String malformed : List.of("", good.replace("SharedAccessSignature ", "Bearer "),
                good.replaceFirst("&se=[0-9]+", ""), good.replaceFirst("&se=[0-9]+", "&se=soon"),
                good + "&se=1", good + "&foo=bar", good.replaceFirst("sig=[^&]+", "sig=%%%"),
                good.replaceFirst("sig=[^&]+", "sig=not*base64"), good.replaceFirst("sr=[^&]+&", "sr=&"))) {
            assertThat(malformed, token(DEVICE, malformed), is(MALFORMED_TOKEN));
        }
        assertThat(authenticator.authenticateToken(DEVICE, null).outcome(), is(MALFORMED_TOKEN));
    }

    @Test
    public void refusesUnknownDisabledAndCertificateIdentities() throws Exception {
        long expiry = NOW_SECONDS + 60;
        registry.add(Identity.device("camera-1", false, Credentials.thumbprints(sha256(certificate("self-signed-device.pem")), null)));

        assertThat(token(IdentityId.device("ghost"), sign(HOST + "/devices/ghost", KEY, expiry)), is(UNKNOWN_IDENTITY));
        assertThat(token(IdentityId.device("camera-1"), sign(HOST + "/devices/camera-1", KEY, expiry)),
                is(WRONG_AUTH_TYPE));
        registry.setEnabled(DEVICE, false);
        assertThat(token(DEVICE, sign(HOST + "/devices/dev:1@a", KEY, expiry)), is(DISABLED));
    }

    @Test
    public void allowsTheClockSkewPastExpiryAndNoMore() {
        String resource = HOST + "/devices/dev:1@a";

        assertThat(token(DEVICE, sign(resource, KEY, NOW_SECONDS - 300)), is(AUTHENTICATED));
        assertThat(token(DEVICE, sign(resource, KEY, NOW_SECONDS - 301)), is(EXPIRED));
    }

    @Test
    public void refusesTokensExpiringBeyondTheMaximumLifetime() {
        String resource = HOST + "/devices/dev:1@a";
        long limit = NOW_SECONDS + Duration.ofDays(1).toSeconds() + 300;

        assertThat(token(DEVICE, sign(resource, KEY, limit)), is(AUTHENTICATED));
        assertThat(token(DEVICE, sign(resource, KEY, limit + 1)), is(EXPIRY_TOO_DISTANT));
    }

    @Test
    public void explainsRefusalsWithoutRevealingSecrets() {
        String token = sign(HOST + "/devices/dev:1@a", Base64.getEncoder().encodeToString(new byte[] {7}), NOW_SECONDS);

        AuthenticationResult result = authenticator.authenticateToken(DEVICE, token);

        assertThat(result.isAuthenticated(), is(false));
        assertThat(result.detail(), containsString("neither key"));
        assertThat(result.detail(), not(containsString(token.substring(token.indexOf("sig=") + 4, token.indexOf("&se")))));
        assertThat(result.detail(), not(containsString(KEY)));
    }

    @Test
    public void acceptsARegisteredThumbprintInAnyCase() throws Exception {
        X509Certificate certificate = certificate("self-signed-device.pem");
        String sha1 = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        registry.add(Identity.device("camera-1", false, Credentials.thumbprints("00".repeat(32), sha1)));
        registry.add(Identity.device("camera-2", false, Credentials.thumbprints(sha256(certificate).toUpperCase(), null)));
        registry.add(Identity.device("camera-3", false, Credentials.thumbprints("ab".repeat(20), null)));

        assertThat(certificate(IdentityId.device("camera-1"), certificate), is(AUTHENTICATED));
        assertThat(certificate(IdentityId.device("camera-2"), certificate), is(AUTHENTICATED));
        assertThat(certificate(IdentityId.device("camera-3"), certificate), is(THUMBPRINT_MISMATCH));
        assertThat(certificate(DEVICE, certificate), is(WRONG_AUTH_TYPE));
        assertThat(authenticator.authenticateCertificate(IdentityId.device("camera-1"), List.of()).outcome(),
                is(NO_CERTIFICATE));
    }

    @Test
    public void refusesAThumbprintCertificateOutsideItsValidity() throws Exception {
        X509Certificate certificate = certificate("self-signed-device.pem");
        registry.add(Identity.device("camera-1", false, Credentials.thumbprints(sha256(certificate), null)));
        IdentityAuthenticator before = new IdentityAuthenticator(registry,
                Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC),
                new TokenLimits(Duration.ofSeconds(300), Duration.ofDays(1)));

        assertThat(before.authenticateCertificate(IdentityId.device("camera-1"), List.of(certificate)).outcome(),
                is(CERTIFICATE_REJECTED));
    }

    @Test
    public void checksCaSignedCertificatesWithTheStoreAndTheCommonName() throws Exception {
        registry.add(Identity.device("plc-7", false, Credentials.certificateAuthority()));
        X509Certificate plc = certificate("ca-signed-plc-7.pem");
        X509Certificate intruder = certificate("ca-signed-intruder.pem");
        X509Certificate selfSigned = certificate("self-signed-device.pem");
        IdentityId id = IdentityId.device("plc-7");

        assertThat(certificate(id, plc), is(NO_CERTIFICATE_STORE));
        authenticator.certificateStore = new TrustingOnly(certificate("test-ca.pem"));
        assertThat(certificate(id, plc), is(AUTHENTICATED));
        assertThat(certificate(id, intruder), is(COMMON_NAME_MISMATCH));
        assertThat(certificate(id, selfSigned), is(CERTIFICATE_REJECTED));
        authenticator.certificateStore = null;
        assertThat(authenticator.authenticateCertificate(id, List.of(plc)).detail(),
                containsString("no certificate store"));
    }

    @Test
    public void anAcceptedCredentialSaysUntilWhenItHolds() throws Exception {
        long expiry = NOW_SECONDS + 60;
        assertThat(authenticator.authenticateToken(DEVICE, sign(HOST + "/devices/dev:1@a", KEY, expiry)).validUntil(),
                is(Instant.ofEpochSecond(expiry)));

        registry.add(Identity.device("plc-7", false, Credentials.certificateAuthority()));
        X509Certificate plc = certificate("ca-signed-plc-7.pem");
        authenticator.certificateStore = new TrustingOnly(certificate("test-ca.pem"));
        assertThat(authenticator.authenticateCertificate(IdentityId.device("plc-7"), List.of(plc)).validUntil(),
                is(plc.getNotAfter().toInstant()));
    }

    private Outcome token(IdentityId id, String token) {
        AuthenticationResult result = authenticator.authenticateToken(id, token);
        assertThat(result.identity(), equalTo(id));
        return result.outcome();
    }

    private Outcome certificate(IdentityId id, X509Certificate certificate) {
        return authenticator.authenticateCertificate(id, List.of(certificate)).outcome();
    }

    /** A token built here from the IoT Hub recipe, independently of SasToken. */
    private static String sign(String resource, String key, long expiry) {
        String sr = URLEncoder.encode(resource, UTF_8);
        return "SharedAccessSignature sr=" + sr + "&sig=" + URLEncoder.encode(signature(key, sr, expiry), UTF_8)
                + "&se=" + expiry;
    }

    private static String signature(String key, String encodedResource, long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((encodedResource + "\n" + expiry).getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static X509Certificate certificate(String resource) throws Exception {
        try (InputStream in = IdentityAuthenticatorTest.class.getResourceAsStream("/" + resource)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static String sha256(X509Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    /** A store that trusts certificates signed by one CA, checked with the JDK's signature verification. */
    private static final class TrustingOnly extends CertificateStoreStub {

        private final X509Certificate ca;

        TrustingOnly(X509Certificate ca) {
            this.ca = ca;
        }

        @Override
        public void validateClientChain(List<X509Certificate> chain) throws CertificateException {
            try {
                chain.get(0).verify(ca.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new CertificateException("not signed by " + ca.getSubjectX500Principal(), e);
            }
        }

        @Override
        public List<X509Certificate> trustBundle() {
            return List.of(ca);
        }

        @Override
        public boolean isDevelopmentChain() {
            return false;
        }
    }
}
