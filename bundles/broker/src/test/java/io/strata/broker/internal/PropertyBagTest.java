package io.strata.broker.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class PropertyBagTest {

    @Test
    public void roundTripsSpecialCharacters() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("temp alert", "a&b=c/d?e#f+g%h");
        properties.put("ünïcode", "日本");
        properties.put("empty", "");
        String bag = PropertyBag.format(properties);
        assertEquals("temp%20alert=a%26b%3Dc%2Fd%3Fe%23f%2Bg%25h&%C3%BCn%C3%AFcode=%E6%97%A5%E6%9C%AC&empty=", bag);
        assertEquals(properties, PropertyBag.parse(bag));
    }

    @Test
    public void decodesPlusAsSpaceAndToleratesNamesWithoutValues() throws Exception {
        assertEquals(Map.of("a", "x y", "flag", ""), PropertyBag.parse("a=x+y&flag&"));
    }

    @Test
    public void refusesBadEncodingAndNamelessProperties() {
        assertThrows(MalformedTopicException.class, () -> PropertyBag.parse("a=%zz"));
        assertThrows(MalformedTopicException.class, () -> PropertyBag.parse("=value"));
    }
}
