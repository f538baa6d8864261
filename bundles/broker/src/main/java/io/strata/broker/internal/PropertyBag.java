package io.strata.broker.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The property bag that ends an IoT Hub topic: {@code name=value&name2=value2}, each part
 * url-encoded. A name without {@code =} has an empty value.
 */
final class PropertyBag {

    private PropertyBag() {
    }

    /** Decodes a bag, keeping the order the sender used; an empty text is an empty bag. */
    static Map<String, String> parse(String bag) throws MalformedTopicException {
        Map<String, String> properties = new LinkedHashMap<>();
        if (bag.isEmpty()) {
            return properties;
        }
        for (String pair : bag.split("&", -1)) {
            if (pair.isEmpty()) {
                continue; // tolerate 'a=1&&b=2' and a trailing '&' as the SDKs' own parsers do
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (name.isEmpty()) {
                throw new MalformedTopicException("property without a name in '" + bag + "'");
            }
            properties.put(name, equals < 0 ? "" : decode(pair.substring(equals + 1)));
        }
        return properties;
    }

    /** Encodes a bag; spaces become {@code %20}, which every IoT Hub SDK decodes. */
    static String format(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(property -> encode(property.getKey()) + "=" + encode(property.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String decode(String text) throws MalformedTopicException {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedTopicException("bad url-encoding in '" + text + "'");
        }
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
