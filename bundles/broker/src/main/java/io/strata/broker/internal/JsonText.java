package io.strata.broker.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The JSON the edge hub writes itself on twin and method topics, and checks of the JSON it is handed. */
final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonText() {
    }

    /** {@code {"message":"..."}}: the body of an error status. */
    static String message(String text) {
        try {
            return MAPPER.writeValueAsString(Map.of("message", text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of one string is always JSON", e);
        }
    }

    static byte[] messageBytes(String text) {
        return message(text).getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when the text is not one JSON value */
    static void requireJson(String what, String text) {
        try {
            if (MAPPER.readTree(text).isMissingNode()) { // what blank text reads as
                throw new IllegalArgumentException(what + " is empty: give JSON, e.g. '{}' or 'null'");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getOriginalMessage());
        }
    }
}
