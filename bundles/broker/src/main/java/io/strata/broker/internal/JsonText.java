package io.strata.broker.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The JSON the edge hub writes itself on twin and method topics. */
final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper();

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
}
