package io.strata.api.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one Jackson configuration of Strata, and the few JSON texts every transport writes. The
 * mapper is shared: use it as it is (or through its readers and writers), never reconfigure it.
 */
public final class Json {

    // Trailing text after a JSON value is an error, not something to ignore silently.
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** The shared mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * {@code value} as JSON text, for values that are always JSON (maps and lists of strings,
     * numbers, booleans and nodes).
     *
     * @throws IllegalStateException when it is not
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + value.getClass().getName(), e);
        }
    }

    /** {@code {"message":"..."}}: the body of an error status. */
    public static String message(String text) {
        return write(Map.of("message", text));
    }

    /** {@link #message} in UTF-8. */
    public static byte[] messageBytes(String text) {
        return message(text).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks that {@code text} is exactly one JSON value.
     *
     * @param what names the text in the error, e.g. "the method's payload"
     * @throws IllegalArgumentException naming {@code what} when it is missing, empty or not JSON
     */
    public static void requireJson(String what, String text) {
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
