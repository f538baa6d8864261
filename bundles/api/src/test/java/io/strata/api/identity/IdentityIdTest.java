package io.strata.api.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class IdentityIdTest {

    @Test
    public void idsOfIotHubsCharactersAndLengthsAreTaken() {
        String every = "AZaz09-.%_*?!(),:=@$'";
        assertEquals(every, IdentityId.device(every).deviceId());
        assertEquals("x".repeat(128), IdentityId.module("d", "x".repeat(128)).moduleId());
        assertEquals(IdentityId.module("line-1", "$edgeMetrics"), IdentityId.parse("line-1/$edgeMetrics"));
    }

    @Test
    public void otherCharactersEmptyAndLongerIdsAreRefusedNamingTheRule() {
        for (String invalid : new String[] {"", "x".repeat(129), "a b", "a/b", "a#b", "a+b", "é", "a\u0000", "a;b",
            "a[b", "a`b", "a~b"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> IdentityId.device(invalid));
            assertEquals("Invalid device id '" + invalid + "': use 1 to 128 letters, digits or - . % _ * ? ! ( ) , : = @ $ '",
                    refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> IdentityId.module("d", "a b"));
        assertThrows(IllegalArgumentException.class, () -> IdentityId.device(null));
    }
}
