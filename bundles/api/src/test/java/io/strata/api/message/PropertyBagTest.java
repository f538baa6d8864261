package io.strata.api.message;

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

    /** Text without anything to escape is taken as it is: the same as URLEncoder, for every ASCII character. */
    @Test
    public void encodesEveryAsciiCharacterAsUrlEncoderDoes() {
        for (char c = 0; c < 128; c++) {
            String text = "a" + c + "Z9";
            assertEquals("character " + (int) c,
                    java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"),
                    PropertyBag.encode(text));
        }
        Map<String, String> plain = new LinkedHashMap<>();
        plain.put("$.on", "out-1_x.y*z");
        plain.put("k", "v");
        assertEquals("%24.on=out-1_x.y*z&k=v", PropertyBag.format(plain));
    }

    @Test
    public void decodesPlusAsSpaceAndToleratesNamesWithoutValues() throws Exception {
        assertEquals(Map.of("a", "x y", "flag", ""), PropertyBag.parse("a=x+y&flag&"));
    }

    @Test
    public void refusesBadEncodingAndNamelessProperties() {
        assertThrows(IllegalArgumentException.class, () -> PropertyBag.parse("a=%zz"));
        assertThrows(IllegalArgumentException.class, () -> PropertyBag.parse("=value"));
    }

    @Test
    public void aMessageTravelsInItsBagWithSystemPropertiesFirstAndTimesAsInstants() {
        Message message = Message.builder().applicationProperty("kind", "alert").messageId("m-1").outputName("out")
                .contentType("application/json").creationTime(java.time.Instant.parse("2026-12-01T10:00:00Z")).build();
        Map<String, String> bag = PropertyBag.of(message);
        assertEquals(java.util.List.of("$.mid", "$.ct", "$.on", "$.ctime", "kind"), java.util.List.copyOf(bag.keySet()));

        Map<String, String> received = new LinkedHashMap<>(bag);
        received.put("$.ctime", "2026-12-01T11:00:00+01:00");
        received.put("$.unknown", "ignored");
        assertEquals(message, PropertyBag.toMessage(received).build());
        assertThrows(IllegalArgumentException.class, () -> PropertyBag.toMessage(Map.of("$.exp", "tomorrow")));
    }
}
