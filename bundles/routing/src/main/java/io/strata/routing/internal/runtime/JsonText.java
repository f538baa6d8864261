package io.strata.routing.internal.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Compact JSON of plain maps, for the patches the router reports. */
final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonText() {
    }

    static String object(Map<String, ?> members) {
        try {
            return MAPPER.writeValueAsString(members);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers are always JSON", e);
        }
    }
}
