package io.strata.blob.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.strata.api.config.InvalidConfigurationException;
import io.strata.api.config.ValidatedConfiguration;
import java.util.Map;
import org.junit.Test;

/** The checks of {@code etc/io.strata.blob.cfg}: a bad value is refused naming its key and the value. */
public class BlobConfigTest {

    private static final String KEY = "c3RyYXRhIGJsb2Igc3RvcmFnZSBrZXkgZm9yIHRlc3Rz";

    @Test
    public void aGoodAccountGivesItsSharedKeyAndPrefix() {
        SharedKey sharedKey = BlobComponent.sharedKey(config(Map.of("accountName", "edgestorage", "accountKey", KEY)));
        assertEquals("edgestorage", sharedKey.account());
        assertEquals("/edgestorage", BlobRoute.prefixOf(sharedKey.account()));
    }

    @Test
    public void aBadAccountNameIsRefusedNamingIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> BlobComponent.sharedKey(config(Map.of("accountName", "Edge_Storage", "accountKey", KEY))));
        assertEquals("accountName = 'Edge_Storage': a storage account's name is 3 to 24 lower-case letters and "
                + "digits", refused.getMessage());
    }

    @Test
    public void aKeyThatIsNotBase64OrTooShortIsRefusedWithoutShowingIt() {
        IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
                () -> BlobComponent.sharedKey(config(Map.of("accountName", "edge", "accountKey", "not a key!"))));
        assertThat(notBase64.getMessage(), containsString("accountKey (10 characters, not shown) is not a base64 key"));
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> BlobComponent.sharedKey(config(Map.of("accountName", "edge", "accountKey", "c2hvcnQ="))));
        assertThat(tooShort.getMessage(), containsString("shorter than 16 bytes"));
    }

    @Test
    public void aNumberOutOfItsRangeIsRefusedNamingTheFileKeyAndValue() {
        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                () -> config(Map.of("maxSizeMegabytes", "0", "felix.fileinstall.filename",
                        "file:/opt/strata/etc/io.strata.blob.cfg")));
        assertThat(refused.getMessage(), containsString("io.strata.blob.cfg"));
        assertThat(refused.getMessage(), containsString("maxSizeMegabytes = 0"));
    }

    private static BlobConfig config(Map<String, Object> properties) {
        return ValidatedConfiguration.read(BlobConfig.class, BlobComponent.PID, properties);
    }
}
