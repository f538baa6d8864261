package io.strata.edgehub.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** The JSON the edge hub writes itself in method answers, and the check of the JSON it is handed. */
final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonText() {
    }

    /** {@code {"message":"..."}}: the payload of an error status. */
    static String message(String text) {
        try {
            return MAPPER.writeValueAsString(Map.of("message", text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of one string is always JSON", e);
        }
    }

    /** @throws IllegalArgumentException when the text is not exactly one JSON value */
    static void requireJson(String what, String text) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is missing: give JSON, e.g. '{}' or 'null'");
        }
        try {
            if (MAPPER.readTree(text).isMissingNode()) { // what blank text reads as
                throw new IllegalArgumentException(what + " is empty: give JSON, e.g. '{}' or 'null'");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getOriginalMessage());
        }
    }
}
