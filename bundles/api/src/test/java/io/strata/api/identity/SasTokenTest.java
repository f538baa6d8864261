package io.strata.api.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import org.junit.Test;

public class SasTokenTest {

    @Test
    public void sasTokensCarryTheEncodedResourceAndExpiry() {
        String token = SasToken.create("hub.local/devices/d", "AAAA", Instant.ofEpochSecond(1700000000));
        assertTrue(token.startsWith("SharedAccessSignature sr=hub.local%2Fdevices%2Fd&sig="));
        assertTrue(token.endsWith("&se=1700000000"));
    }

    @Test
    public void aSignedTokenParsesBackAndIsSignedWithItsKeyOnly() {
        Credentials keys = Credentials.generateSymmetricKeys();
        IdentityId module = IdentityId.module("gw", "filter");
        String token = SasToken.create(SasToken.resource("Hub.Local", module), keys.primary(),
                Instant.ofEpochSecond(1700000000));
        SasToken parsed = SasToken.parse(token);
        assertEquals("Hub.Local/devices/gw/modules/filter", parsed.resource());
        assertEquals(1700000000L, parsed.expiry());
        assertTrue(parsed.isFor("hub.local", module));
        assertTrue(parsed.isSignedWith(keys.primary()));
        assertTrue(!parsed.isSignedWith(keys.secondary()));
    }

    @Test
    public void aKeyThatIsNotBase64IsNamedAsSuch() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SasToken.create("hub/devices/d", "not base64!", Instant.EPOCH));
        assertEquals("The shared access key is not base64", refused.getMessage());
    }
}
