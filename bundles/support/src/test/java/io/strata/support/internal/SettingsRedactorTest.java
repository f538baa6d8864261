package io.strata.support.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Set;
import org.junit.Test;

public class SettingsRedactorTest {

    private final SettingsRedactor redactor = new SettingsRedactor(
            pid -> pid.equals("io.strata.certs") ? Set.of("passphrase") : Set.of());

    @Test
    public void secretKeysByNameLoseTheirValueWhateverTheCase() {
        String text = String.join("\n",
                "# This node's key at the parent",
                ".upstreamSharedAccessKey = c2VjcmV0LWtleS12YWx1ZQ==",
                "accountKey=YWNjb3VudC1rZXk=",
                "clientSecret : very-secret",
                "UPSTREAMPRIVATEKEYPASSWORD = pem-password",
                "hostname = line-1.plant.example",
                "upstreamCertificate =",
                "");
        String redacted = redactor.redact("io.strata.node", text);
        assertEquals(String.join("\n",
                "# This node's key at the parent",
                ".upstreamSharedAccessKey = <removed>",
                "accountKey=<removed>",
                "clientSecret : <removed>",
                "UPSTREAMPRIVATEKEYPASSWORD = <removed>",
                "hostname = line-1.plant.example",
                "upstreamCertificate =",
                ""), redacted);
    }

    @Test
    public void aKeyTheMetatypeCallsAPasswordLosesItsValueInThatConfigurationOnly() {
        assertEquals("passphrase = <removed>", redactor.redact("io.strata.certs", "passphrase = open-sesame"));
        assertEquals("passphrase = not-a-secret-here",
                redactor.redact("io.strata.node", "passphrase = not-a-secret-here"));
    }

    @Test
    public void anEmptySecretStaysEmptySoSupportSeesItIsUnset() {
        assertEquals(".upstreamSharedAccessKey =", redactor.redact("io.strata.node", ".upstreamSharedAccessKey ="));
    }

    @Test
    public void aCommentedOutSecretAndEveryLineOfAContinuedOneAreRemoved() {
        String text = String.join("\n",
                "#remotePasswords = old-password-1",
                "remotePasswords = first-password, \\",
                "    second-password",
                "remoteUsers = alice, \\",
                "    bob");
        String redacted = redactor.redact("io.strata.registry", text);
        assertEquals(String.join("\n",
                "#remotePasswords = <removed>",
                "remotePasswords = <removed>",
                "remoteUsers = alice, \\",
                "    bob"), redacted);
        String scrubbed = redactor.scrub("refused old-password-1, first-password and second-password");
        assertEquals("refused <removed>, <removed> and <removed>", scrubbed);
    }

    @Test
    public void credentialsInUrlsAreRemovedAndTheirPasswordScrubbedElsewhere() {
        String text = String.join("\n",
                "org.ops4j.pax.url.mvn.repositories = \\",
                "    https://deployer:repo-password@repo.plant.example/maven@id=plant, \\",
                "    https://repo1.maven.org/maven2@id=central");
        String redacted = redactor.redact("org.ops4j.pax.url.mvn", text);
        assertEquals(String.join("\n",
                "org.ops4j.pax.url.mvn.repositories = \\",
                "    https://<removed>@repo.plant.example/maven@id=plant, \\",
                "    https://repo1.maven.org/maven2@id=central"), redacted);
        assertEquals("login with <removed> refused", redactor.scrub("login with repo-password refused"));
    }

    @Test
    public void scrubbingRemovesTheSignatureOfAnySasToken() {
        assertEquals("SharedAccessSignature sr=hub%2Fdevices%2Fd1&sig=<removed>&se=1700000000",
                redactor.scrub("SharedAccessSignature sr=hub%2Fdevices%2Fd1&sig=abc%2Bdef%3D&se=1700000000"));
    }

    @Test
    public void shortValuesAreNotScrubbedFromFreeText() {
        redactor.redact("io.strata.node", "someKey = on");
        String text = "the node is on";
        assertEquals(text, redactor.scrub(text));
        assertTrue(SettingsRedactor.isSecretName("deviceCaKey"));
        assertFalse(SettingsRedactor.isSecretName("keyAlgorithm"));
    }
}
